using Jingle.Net.Ice.Dtls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcX25519Math = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>
/// X25519 on libcrypto (<see cref="LibCryptoX25519"/>, <see cref="LibCryptoTlsX25519"/>): the RFC 7748 test vectors,
/// agreement with BouncyCastle's X25519 both ways, refusal of small-order peer values (all-zero secret) with the
/// alerts BouncyCastle sends, and handshakes that really run through it. libcrypto.so.3 is on every machine these
/// tests run on (.NET loads it too); without it they fail, which is the point: the fast path must not vanish silently.
/// Only <c>JINGLE_NET_NO_LIBCRYPTO=1</c> (libcrypto turned off on purpose) skips the ones that need it.
/// </summary>
public sealed class DtlsX25519Tests
{
    private const byte ClientKeyExchange = 16;

    /// <summary>Small-order u-coordinates (and non-canonical encodings of them): X25519 with any scalar gives 0.</summary>
    public static readonly TheoryData<string> SmallOrderPoints = new()
    {
        "0000000000000000000000000000000000000000000000000000000000000000", // 0
        "0100000000000000000000000000000000000000000000000000000000000000", // 1
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // order 8
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", // order 8
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p - 1
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p (= 0)
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // p + 1 (= 1)
        "0000000000000000000000000000000000000000000000000000000000000080", // 0 with the top bit set (masked)
    };

    [Fact]
    public void LibCrypto_IsAvailable()
    {
        RequireLibCrypto();
        Assert.Null(LibCryptoX25519.UnavailableReason);
    }

    [Theory]
    // RFC 7748 §5.2: (scalar, u-coordinate) -> u-coordinate. The second u has its top bit set: it must be masked.
    [InlineData("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
        "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")]
    [InlineData("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
        "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")]
    public void Rfc7748_Section5_2_Vectors(string scalar, string u, string expected)
    {
        RequireLibCrypto();
        Assert.Equal(expected, Hex(X25519(Convert.FromHexString(scalar), Convert.FromHexString(u))));
    }

    [Fact]
    public void Rfc7748_Section5_2_Iterated_1And1000Times()
    {
        RequireLibCrypto();
        // k = u = 9; each step: k, u = X25519(k, u), k.
        byte[] k = new byte[32];
        byte[] u = new byte[32];
        k[0] = 9;
        u[0] = 9;
        for (int i = 1; i <= 1000; i++)
        {
            byte[] next = X25519(k, u);
            u = k;
            k = next;
            if (i == 1)
            {
                Assert.Equal("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", Hex(k));
            }
        }

        Assert.Equal("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", Hex(k));
    }

    [Fact]
    public void Rfc7748_Section6_1_AliceAndBob()
    {
        RequireLibCrypto();
        byte[] alicePrivate = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPrivate = Convert.FromHexString("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        using LibCryptoX25519.EvpPKeyHandle alice = LibCryptoX25519.CreatePrivateKey(alicePrivate)!;
        using LibCryptoX25519.EvpPKeyHandle bob = LibCryptoX25519.CreatePrivateKey(bobPrivate)!;
        byte[] alicePublic = new byte[32];
        byte[] bobPublic = new byte[32];
        Assert.True(LibCryptoX25519.TryGetPublicKey(alice, alicePublic));
        Assert.True(LibCryptoX25519.TryGetPublicKey(bob, bobPublic));
        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Hex(alicePublic));
        Assert.Equal("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Hex(bobPublic));

        byte[] aliceSecret = new byte[32];
        byte[] bobSecret = new byte[32];
        Assert.True(LibCryptoX25519.TryDerive(alice, bobPublic, aliceSecret));
        Assert.True(LibCryptoX25519.TryDerive(bob, alicePublic, bobSecret));
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Hex(aliceSecret));
        Assert.Equal(aliceSecret, bobSecret);

        byte[] scalar = new byte[32];
        Assert.True(LibCryptoX25519.TryGetPrivateKey(alice, scalar));
        Assert.Equal(alicePrivate, scalar);
    }

    [Fact]
    public void RawFunctions_AgreeWithBouncyCastle_OnRandomScalarsAndPoints()
    {
        RequireLibCrypto();
        var random = new Random(25519);
        for (int i = 0; i < 300; i++)
        {
            byte[] scalar = new byte[32];
            byte[] u = new byte[32];
            random.NextBytes(scalar);
            random.NextBytes(u); // any 32 bytes: on the curve or its twist, top bit set or not, non-canonical
            byte[] bcPublic = new byte[32];
            BcX25519Math.ScalarMultBase(scalar, 0, bcPublic, 0);
            using LibCryptoX25519.EvpPKeyHandle key = LibCryptoX25519.CreatePrivateKey(scalar)!;
            byte[] ourPublic = new byte[32];
            Assert.True(LibCryptoX25519.TryGetPublicKey(key, ourPublic));
            Assert.Equal(bcPublic, ourPublic);

            byte[] bcSecret = new byte[32];
            byte[] ourSecret = new byte[32];
            Assert.Equal(BcX25519Math.CalculateAgreement(scalar, 0, u, 0, bcSecret, 0), LibCryptoX25519.TryDerive(key, u, ourSecret));
            Assert.Equal(bcSecret, ourSecret);
        }
    }

    [Fact]
    public void TlsAgreement_AgreesWithBouncyCastles_BothWays()
    {
        RequireLibCrypto();
        var crypto = new DtlsTlsCrypto(new SecureRandom());
        var bc = new BcTlsCrypto(new SecureRandom());
        var config = new TlsECConfig(NamedGroup.x25519);
        Assert.IsType<LibCryptoTlsX25519Domain>(crypto.CreateECDomain(config));
        Assert.IsNotType<LibCryptoTlsX25519Domain>(bc.CreateECDomain(config));
        Assert.IsNotType<LibCryptoTlsX25519Domain>(new DtlsTlsCrypto(new SecureRandom(), useDotNetHandshakeCrypto: false).CreateECDomain(config));

        const int rounds = 200;
        for (int i = 0; i < rounds; i++)
        {
            TlsAgreement ours = crypto.CreateECDomain(config).CreateECDH();
            TlsAgreement theirs = bc.CreateECDomain(config).CreateECDH();
            byte[] ourPublic = ours.GenerateEphemeral();
            byte[] theirPublic = theirs.GenerateEphemeral();
            Assert.Equal(32, ourPublic.Length);
            Assert.NotEqual(ourPublic, theirPublic);
            if (i % 2 == 0)
            {
                ours.ReceivePeerValue(theirPublic);
                theirs.ReceivePeerValue(ourPublic);
            }
            else
            {
                theirs.ReceivePeerValue(ourPublic);
                ours.ReceivePeerValue(theirPublic);
            }

            byte[] ourSecret = ours.CalculateSecret().Extract();
            byte[] theirSecret = theirs.CalculateSecret().Extract();
            Assert.Equal(32, ourSecret.Length);
            Assert.Equal(theirSecret, ourSecret);
            Assert.Contains(ourSecret, b => b != 0);
        }

        Assert.Equal(rounds, crypto.LibCryptoX25519Agreements); // every secret came from libcrypto, none from the fallback
    }

    [Theory]
    [MemberData(nameof(SmallOrderPoints))]
    public void SmallOrderPeerValue_IsRefused_WithHandshakeFailure_AsBouncyCastleDoes(string point)
    {
        RequireLibCrypto();
        byte[] peer = Convert.FromHexString(point);
        var crypto = new DtlsTlsCrypto(new SecureRandom());
        var bc = new BcTlsCrypto(new SecureRandom());
        var config = new TlsECConfig(NamedGroup.x25519);
        foreach (TlsCrypto c in new TlsCrypto[] { crypto, bc })
        {
            TlsAgreement agreement = c.CreateECDomain(config).CreateECDH();
            agreement.GenerateEphemeral();
            agreement.ReceivePeerValue(peer);
            TlsFatalAlert alert = Assert.Throws<TlsFatalAlert>(() => agreement.CalculateSecret());
            Assert.Equal(AlertDescription.handshake_failure, alert.AlertDescription);
        }

        Assert.Equal(0, crypto.LibCryptoX25519Agreements);
        using LibCryptoX25519.EvpPKeyHandle key = LibCryptoX25519.CreatePrivateKey(new byte[32] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 })!;
        byte[] secret = Enumerable.Repeat((byte)0xAA, 32).ToArray();
        Assert.False(LibCryptoX25519.TryDerive(key, peer, secret));
        Assert.All(secret, b => Assert.Equal(0, b)); // nothing of a failed agreement is left behind
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(65)]
    public void PeerValueOfAnotherLength_IsIllegalParameter(int length)
    {
        TlsAgreement agreement = new DtlsTlsCrypto(new SecureRandom()).CreateECDomain(new TlsECConfig(NamedGroup.x25519)).CreateECDH();
        agreement.GenerateEphemeral();
        TlsFatalAlert alert = Assert.Throws<TlsFatalAlert>(() => agreement.ReceivePeerValue(new byte[length]));
        Assert.Equal(AlertDescription.illegal_parameter, alert.AlertDescription);
    }

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task Handshake_RunsX25519OnLibCrypto_BothSides_EqualKeys(DtlsRole roleOfA)
    {
        RequireLibCrypto();
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync();
        await t.StartBothAsync(roleOfA);
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
        Assert.Equal(NamedGroup.x25519, t.A.KeyExchangeGroup);
        Assert.True(t.A.KeyExchangeOnLibCrypto);
        Assert.True(t.B.KeyExchangeOnLibCrypto);
        await DtlsPublicKeyCryptoTests.AssertEqualKeysAndDataAsync(t);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SmallOrderClientKeyExchange_OnTheWire_FailsTheServer_WithHandshakeFailure(bool bouncyCastleOnServer)
    {
        // ClientKeyExchange is not signed: the client's (A's) X25519 value is replaced by 0 on its way to the server.
        DtlsPublicKeyCryptoTests.TamperingTransport? wire = null;
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync(
            optionsB: c => new DtlsTransportOptions { Certificate = c, UseBouncyCastleHandshakeCrypto = bouncyCastleOnServer },
            wrapA: lower => wire = new DtlsPublicKeyCryptoTests.TamperingTransport(lower, ClientKeyExchange, static body =>
            {
                Assert.Equal(32, body[0]); // opaque point<1..255>
                body[1..33].Clear();
            }));
        await t.StartBothAsync(DtlsRole.Client);
        await t.WaitForStatesAsync(DtlsTransportState.Failed, DtlsTransportState.Failed);

        Assert.Equal(1, wire!.TamperedCount);
        Assert.Equal(DtlsErrorReason.ProtocolError, t.B.Error!.Reason);
        Assert.Equal((byte)AlertDescription.handshake_failure, t.B.Error!.AlertDescription);
        Assert.Equal(DtlsErrorReason.FatalAlertReceived, t.A.Error!.Reason);
        Assert.Equal((byte)AlertDescription.handshake_failure, t.A.Error!.AlertDescription);
    }

    private static byte[] X25519(byte[] scalar, byte[] u)
    {
        using LibCryptoX25519.EvpPKeyHandle key = LibCryptoX25519.CreatePrivateKey(scalar)!;
        byte[] output = new byte[32];
        Assert.True(LibCryptoX25519.TryDerive(key, u, output));
        byte[] bc = new byte[32];
        Assert.True(BcX25519Math.CalculateAgreement(scalar, 0, u, 0, bc, 0));
        Assert.Equal(bc, output);
        return output;
    }

    private static void RequireLibCrypto()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("JINGLE_NET_NO_LIBCRYPTO") == "1", "JINGLE_NET_NO_LIBCRYPTO=1: X25519 runs on BouncyCastle");
        Assert.True(LibCryptoX25519.IsAvailable, LibCryptoX25519.UnavailableReason);
    }

    private static string Hex(byte[] value) => Convert.ToHexStringLower(value);
}
