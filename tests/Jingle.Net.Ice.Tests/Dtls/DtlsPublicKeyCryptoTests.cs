using System.Security.Cryptography;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Ice.Transport;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>
/// ECDHE (secp256r1/secp384r1) and ECDSA on .NET instead of BouncyCastle's managed EC code (<see cref="DtlsTlsCrypto"/>):
/// cross-checks against BouncyCastle's implementations, rejection of bad points and signatures, and handshakes that
/// really go through them (a tampered signature on the wire must fail the handshake).
/// </summary>
public sealed class DtlsPublicKeyCryptoTests
{
    private const byte ServerKeyExchange = 12;
    private const byte CertificateVerify = 15;

    [Theory]
    [InlineData(NamedGroup.secp256r1, 32)]
    [InlineData(NamedGroup.secp384r1, 48)]
    public void DotNetEcdh_AgreesWithBouncyCastles_IncludingSecretsWithALeadingZeroByte(int namedGroup, int fieldSize)
    {
        var crypto = new DtlsTlsCrypto(new SecureRandom());
        var bc = new BcTlsCrypto(new SecureRandom());
        var config = new TlsECConfig(namedGroup);
        Assert.IsType<DotNetTlsECDomain>(crypto.CreateECDomain(config));
        Assert.IsType<BcTlsECDomain>(bc.CreateECDomain(config));

        // RFC 8422 §5.10: the secret keeps its leading zeros. About 1 in 256 agreements has one: run until one did.
        bool sawLeadingZero = false;
        for (int i = 0; i < 4000 && (i < 20 || !sawLeadingZero); i++)
        {
            TlsAgreement ours = crypto.CreateECDomain(config).CreateECDH();
            TlsAgreement theirs = bc.CreateECDomain(config).CreateECDH();
            byte[] ourPublic = ours.GenerateEphemeral();
            byte[] theirPublic = theirs.GenerateEphemeral();
            Assert.Equal(1 + (2 * fieldSize), ourPublic.Length);
            Assert.Equal(0x04, ourPublic[0]);
            ours.ReceivePeerValue(theirPublic);
            theirs.ReceivePeerValue(ourPublic);
            byte[] ourSecret = ours.CalculateSecret().Extract();
            byte[] theirSecret = theirs.CalculateSecret().Extract();
            Assert.Equal(fieldSize, ourSecret.Length);
            Assert.Equal(theirSecret, ourSecret);
            sawLeadingZero |= ourSecret[0] == 0;
        }

        Assert.True(sawLeadingZero, "no agreement with a leading zero byte in 4000 tries");
    }

    [Fact]
    public void DotNetEcdh_RejectsPointsOffTheCurve_AndOtherEncodings_WithIllegalParameter()
    {
        var crypto = new DtlsTlsCrypto(new SecureRandom());
        TlsECDomain domain = crypto.CreateECDomain(new TlsECConfig(NamedGroup.secp256r1));
        byte[] valid = domain.CreateECDH().GenerateEphemeral();

        byte[] offCurve = (byte[])valid.Clone();
        offCurve[^1] ^= 0x01; // same X, another Y: not on the curve
        byte[] compressed = [(byte)(0x02 + (valid[^1] & 1)), .. valid.AsSpan(1, 32)];
        byte[] truncated = valid[..^1];
        byte[] identity = [0x00];
        foreach (byte[] bad in new[] { offCurve, compressed, truncated, identity })
        {
            TlsAgreement agreement = domain.CreateECDH();
            agreement.GenerateEphemeral();
            TlsFatalAlert alert = Assert.Throws<TlsFatalAlert>(() => agreement.ReceivePeerValue(bad));
            Assert.Equal(AlertDescription.illegal_parameter, alert.AlertDescription);
        }
    }

    [Fact]
    public void DotNetEcdsa_SignaturesVerifyWithBouncyCastle_AndBouncyCastlesWithDotNet_TamperedOnesDoNot()
    {
        using RtcCertificate certificate = RtcCertificate.Generate();
        var crypto = new DtlsTlsCrypto(new SecureRandom());
        var bc = new BcTlsCrypto(new SecureRandom());
        SignatureAndHashAlgorithm algorithm = SignatureAndHashAlgorithm.GetInstance(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);
        byte[] digest = SHA256.HashData("handshake messages"u8);

        TlsCertificate received = crypto.CreateCertificate(CertificateType.X509, certificate.RawData.ToArray());
        Assert.IsType<DtlsTlsCertificate>(received);
        Assert.Equal(certificate.RawData.ToArray(), received.GetEncoded());
        Assert.IsType<DotNetTlsEcdsaVerifier>(received.CreateVerifier(SignatureAlgorithm.ecdsa));
        TlsCertificate bcReceived = bc.CreateCertificate(CertificateType.X509, certificate.RawData.ToArray());

        // .NET signs → BouncyCastle verifies; BouncyCastle signs → .NET verifies.
        byte[] ourSignature = new DotNetTlsEcdsaSigner(certificate.EcdsaKey!).GenerateRawSignature(algorithm, digest);
        byte[] bcSignature = new BcTlsECDsaSigner(bc, (Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters)certificate.GetBouncyCastlePrivateKey())
            .GenerateRawSignature(algorithm, digest);
        Assert.True(bcReceived.CreateVerifier(SignatureAlgorithm.ecdsa).VerifyRawSignature(new DigitallySigned(algorithm, ourSignature), digest));
        Assert.True(received.CreateVerifier(SignatureAlgorithm.ecdsa).VerifyRawSignature(new DigitallySigned(algorithm, bcSignature), digest));
        Assert.True(received.CreateVerifier(SignatureAlgorithm.ecdsa).VerifyRawSignature(new DigitallySigned(algorithm, ourSignature), digest));

        byte[] tampered = (byte[])ourSignature.Clone();
        tampered[^1] ^= 0x01;
        byte[] otherDigest = SHA256.HashData("other messages"u8);
        byte[] garbage = [0x30, 0x03, 0x02, 0x01];
        Assert.False(received.CreateVerifier(SignatureAlgorithm.ecdsa).VerifyRawSignature(new DigitallySigned(algorithm, tampered), digest));
        Assert.False(received.CreateVerifier(SignatureAlgorithm.ecdsa).VerifyRawSignature(new DigitallySigned(algorithm, ourSignature), otherDigest));
        Assert.False(received.CreateVerifier(SignatureAlgorithm.ecdsa).VerifyRawSignature(new DigitallySigned(algorithm, garbage), digest));
        Assert.False(bcReceived.CreateVerifier(SignatureAlgorithm.ecdsa).VerifyRawSignature(new DigitallySigned(algorithm, tampered), digest));
    }

    [Theory]
    [InlineData(CryptoHashAlgorithm.sha256)]
    [InlineData(CryptoHashAlgorithm.sha384)]
    [InlineData(CryptoHashAlgorithm.sha512)]
    public void DotNetDigest_MatchesBouncyCastles_InChunks_AcrossClonesAndResets_AndUnderHmac(int algorithm)
    {
        var crypto = new DtlsTlsCrypto(new SecureRandom());
        var bc = new BcTlsCrypto(new SecureRandom());
        var random = new Random(7);
        Org.BouncyCastle.Crypto.IDigest ours = crypto.CreateDigest(algorithm);
        Org.BouncyCastle.Crypto.IDigest theirs = bc.CreateDigest(algorithm);
        Assert.IsType<DotNetDigest>(ours);
        Assert.Equal(theirs.GetDigestSize(), ours.GetDigestSize());
        Assert.Equal(theirs.GetByteLength(), ours.GetByteLength());
        for (int round = 0; round < 3; round++)
        {
            for (int chunk = 0; chunk < 40; chunk++)
            {
                byte[] data = new byte[random.Next(0, 300)];
                random.NextBytes(data);
                ours.BlockUpdate(data, 0, data.Length);
                theirs.BlockUpdate(data, 0, data.Length);
                ours.Update(data.Length > 0 ? data[0] : (byte)1);
                theirs.Update(data.Length > 0 ? data[0] : (byte)1);
            }

            // A clone continues independently (the transcript hash is cloned for each Finished / CertificateVerify).
            Org.BouncyCastle.Crypto.IDigest ourClone = crypto.CloneDigest(algorithm, ours);
            Org.BouncyCastle.Crypto.IDigest theirClone = bc.CloneDigest(algorithm, theirs);
            ourClone.BlockUpdate([1, 2, 3], 0, 3);
            theirClone.BlockUpdate([1, 2, 3], 0, 3);
            Assert.Equal(Final(theirClone), Final(ourClone));
            Assert.Equal(Final(theirs), Final(ours)); // DoFinal resets both
        }

        // HMAC over it, as the TLS 1.2 PRF uses it, equals .NET's HMAC.
        byte[] key = new byte[48];
        byte[] message = new byte[77];
        random.NextBytes(key);
        random.NextBytes(message);
        var hmac = new Org.BouncyCastle.Crypto.Macs.HMac(crypto.CreateDigest(algorithm));
        hmac.Init(new Org.BouncyCastle.Crypto.Parameters.KeyParameter(key));
        hmac.BlockUpdate(message, 0, message.Length);
        byte[] mac = new byte[hmac.GetMacSize()];
        hmac.DoFinal(mac, 0);
        byte[] expected = algorithm switch
        {
            CryptoHashAlgorithm.sha256 => HMACSHA256.HashData(key, message),
            CryptoHashAlgorithm.sha384 => HMACSHA384.HashData(key, message),
            _ => HMACSHA512.HashData(key, message),
        };
        Assert.Equal(expected, mac);

        static byte[] Final(Org.BouncyCastle.Crypto.IDigest d)
        {
            byte[] output = new byte[d.GetDigestSize()];
            d.DoFinal(output, 0);
            return output;
        }
    }

    [Fact]
    public void RsaCertificates_KeepBouncyCastlesVerifier()
    {
        using RtcCertificate rsa = RtcCertificate.Generate(RtcKeyType.Rsa2048);
        var crypto = new DtlsTlsCrypto(new SecureRandom());
        TlsCertificate received = crypto.CreateCertificate(CertificateType.X509, rsa.RawData.ToArray());
        Assert.IsType<BcTlsRsaVerifier>(received.CreateVerifier(SignatureAlgorithm.rsa));
        Assert.Null(rsa.EcdsaKey);
    }

    [Theory]
    [InlineData(DtlsRole.Client, false)]
    [InlineData(DtlsRole.Server, false)]
    [InlineData(DtlsRole.Client, true)]
    [InlineData(DtlsRole.Server, true)]
    public async Task Handshake_DefaultGroupsStayX25519_BothRoles_EitherCrypto_EqualKeys(DtlsRole roleOfA, bool bouncyCastleOnB)
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync(
            optionsB: c => new DtlsTransportOptions { Certificate = c, UseBouncyCastleHandshakeCrypto = bouncyCastleOnB });
        await t.StartBothAsync(roleOfA);
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);

        Assert.Equal(NamedGroup.x25519, t.A.KeyExchangeGroup); // what we offer and pick did not change
        Assert.Equal(NamedGroup.x25519, t.B.KeyExchangeGroup);
        Assert.Equal(LibCryptoX25519.IsAvailable, t.A.KeyExchangeOnLibCrypto); // libcrypto's X25519 met BouncyCastle's
        Assert.Equal(LibCryptoX25519.IsAvailable && !bouncyCastleOnB, t.B.KeyExchangeOnLibCrypto);
        await AssertEqualKeysAndDataAsync(t);
    }

    [Theory]
    [InlineData(DtlsRole.Client, NamedGroup.secp256r1, false)]
    [InlineData(DtlsRole.Server, NamedGroup.secp256r1, false)]
    [InlineData(DtlsRole.Client, NamedGroup.secp384r1, false)]
    [InlineData(DtlsRole.Server, NamedGroup.secp384r1, false)]
    [InlineData(DtlsRole.Client, NamedGroup.secp256r1, true)]
    [InlineData(DtlsRole.Server, NamedGroup.secp256r1, true)]
    public async Task Handshake_OnANistCurve_BothRoles_AgainstDotNetOrBouncyCastle_EqualKeys(DtlsRole roleOfA, int group, bool bouncyCastleOnB)
    {
        // Both sides offer only the group (only the client's list matters); B may run BouncyCastle's EC code, so
        // the .NET agreement and signatures meet an independent implementation on the wire.
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync(
            c => new DtlsTransportOptions { Certificate = c, SupportedGroups = [group] },
            c => new DtlsTransportOptions { Certificate = c, SupportedGroups = [group], UseBouncyCastleHandshakeCrypto = bouncyCastleOnB });
        await t.StartBothAsync(roleOfA);
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);

        Assert.Equal(group, t.A.KeyExchangeGroup);
        Assert.Equal(group, t.B.KeyExchangeGroup);
        await AssertEqualKeysAndDataAsync(t);
    }

    [Theory]
    [InlineData(DtlsRole.Server, ServerKeyExchange, false)] // A signs its ServerKeyExchange; B (client) verifies
    [InlineData(DtlsRole.Client, CertificateVerify, false)] // A signs its CertificateVerify; B (server) verifies
    [InlineData(DtlsRole.Server, ServerKeyExchange, true)]
    [InlineData(DtlsRole.Client, CertificateVerify, true)]
    public async Task TamperedSignature_FailsTheVerifyingSide_WithDecryptError(DtlsRole roleOfA, byte message, bool bouncyCastleOnB)
    {
        TamperingTransport? wire = null;
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync(
            optionsB: c => new DtlsTransportOptions { Certificate = c, UseBouncyCastleHandshakeCrypto = bouncyCastleOnB },
            wrapA: lower => wire = new TamperingTransport(lower, message));
        await t.StartBothAsync(roleOfA);
        await t.WaitForStatesAsync(DtlsTransportState.Failed, DtlsTransportState.Failed);

        Assert.Equal(1, wire!.TamperedCount);
        DtlsTransportError verifier = t.B.Error!;
        Assert.Equal(DtlsErrorReason.ProtocolError, verifier.Reason);
        Assert.Equal((byte)AlertDescription.decrypt_error, verifier.AlertDescription);
        DtlsTransportError signer = t.A.Error!;
        Assert.Equal(DtlsErrorReason.FatalAlertReceived, signer.Reason);
        Assert.Equal((byte)AlertDescription.decrypt_error, signer.AlertDescription);
        Assert.Throws<InvalidOperationException>(() => t.B.GetSrtpKeyingMaterial());
    }

    [Fact]
    public async Task FingerprintMismatch_IsStillRejected_WithDotNetVerification()
    {
        using RtcCertificate other = RtcCertificate.Generate();
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync();
        await t.StartAAsync(DtlsRole.Client, other.GetFingerprint());
        await t.StartBAsync(DtlsRole.Server);
        await t.WaitForStatesAsync(DtlsTransportState.Failed, DtlsTransportState.Failed);
        Assert.Equal(DtlsErrorReason.FingerprintMismatch, t.A.Error!.Reason);
        Assert.Equal(DtlsErrorReason.FatalAlertReceived, t.B.Error!.Reason);
        Assert.Equal((byte)AlertDescription.bad_certificate, t.B.Error!.AlertDescription);
    }

    internal static async Task AssertEqualKeysAndDataAsync(DtlsTestPair t)
    {
        using DtlsSrtpKeyingMaterial keysA = await t.Owner.InvokeAsync(t.A.GetSrtpKeyingMaterial);
        using DtlsSrtpKeyingMaterial keysB = await t.Owner.InvokeAsync(t.B.GetSrtpKeyingMaterial);
        Assert.Equal(keysA.Material.ToArray(), keysB.Material.ToArray());
        Assert.Equal(keysA.LocalMasterKey.ToArray(), keysB.RemoteMasterKey.ToArray());
        Assert.True(await t.SendFromAAsync("over the agreed keys"u8.ToArray()));
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByB.Count == 1, "application data");
        Assert.Equal("over the agreed keys"u8.ToArray(), t.ReceivedByB.Single());
    }

    /// <summary>
    /// Passes everything through, except that it changes the body of the first epoch-0 handshake message of one type
    /// it sends: by default it flips the last byte (the end of the signature, for ServerKeyExchange and
    /// CertificateVerify).
    /// </summary>
    internal sealed class TamperingTransport : IPacketTransport
    {
        private readonly IPacketTransport _inner;
        private readonly byte _messageType;
        private readonly Action<Span<byte>> _tamper;

        public TamperingTransport(IPacketTransport inner, byte messageType, Action<Span<byte>>? tamper = null)
        {
            _inner = inner;
            _messageType = messageType;
            _tamper = tamper ?? (static body => body[^1] ^= 0x01);
            inner.PacketReceived += (_, p, ts) => PacketReceived?.Invoke(this, p, ts);
            inner.WritableStateChanged += _ => WritableStateChanged?.Invoke(this);
        }

        public int TamperedCount { get; private set; }

        public string TransportName => _inner.TransportName;

        public bool IsWritable => _inner.IsWritable;

        public event Action<IPacketTransport>? WritableStateChanged;

        public event TransportPacketHandler? PacketReceived;

        public bool Send(ReadOnlySpan<byte> packet)
        {
            if (TamperedCount > 0)
            {
                return _inner.Send(packet);
            }

            byte[] copy = packet.ToArray();
            // DTLS records: type(1) version(2) epoch(2) sequence(6) length(2); handshake header: 12 bytes.
            for (int at = 0; at + 13 <= copy.Length;)
            {
                int length = (copy[at + 11] << 8) | copy[at + 12];
                bool epochZero = copy[at + 3] == 0 && copy[at + 4] == 0;
                if (copy[at] == 22 && epochZero && length > 12 && copy[at + 13] == _messageType && at + 13 + length <= copy.Length)
                {
                    _tamper(copy.AsSpan(at + 13 + 12, length - 12)); // unfragmented: the body follows the 12-byte header
                    TamperedCount++;
                    break;
                }

                at += 13 + length;
            }

            return _inner.Send(copy);
        }
    }
}
