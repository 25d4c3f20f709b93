using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// What the BouncyCastle client and server peers share: our credentials, the fingerprint the peer's certificate
/// must match, the SRTP profile choice, and the outcome (written on the DTLS thread, read after the handshake).
/// </summary>
internal sealed class DtlsHandshakeContext(DtlsTransportOptions options, RtcCertificateFingerprint remoteFingerprint,
    BcTlsCrypto crypto, Action<short, short, bool> onAlert)
{
    /// <summary>ECDHE with AEAD first, then CBC for older peers; ECDSA and RSA certificates.</summary>
    internal static readonly int[] EcdsaSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    ];

    internal static readonly int[] RsaSuites =
    [
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    ];

    public BcTlsCrypto Crypto => crypto;

    public DtlsTransportOptions Options => options;

    public RtcCertificate Certificate => options.Certificate!;

    /// <summary>The profile both sides agreed on, or None.</summary>
    public SrtpProtectionProfile SelectedProfile { get; set; }

    /// <summary>Set when the handshake failed for a reason we detected ourselves.</summary>
    public DtlsTransportError? Failure { get; set; }

    /// <summary>The "EXTRACTOR-dtls_srtp" export (RFC 5764 §4.2), taken when the handshake completes.</summary>
    public byte[]? SrtpKeyingMaterial { get; private set; }

    /// <summary>
    /// Called from the peers' NotifyHandshakeComplete: BouncyCastle allows exporting keying material only there.
    /// </summary>
    public void OnHandshakeComplete(TlsContext context)
    {
        if (SelectedProfile != SrtpProtectionProfile.None)
        {
            SrtpKeyingMaterial = context.ExportKeyingMaterial(DtlsSrtpKeyingMaterial.ExporterLabel, null,
                SelectedProfile.GetKeyingMaterialLength());
        }
    }

    /// <summary>The peer's DER certificate once it matched.</summary>
    public byte[]? PeerCertificate { get; private set; }

    public int[] OwnSuites => Certificate.KeyType == RtcKeyType.EcdsaP256 ? EcdsaSuites : RsaSuites;

    public int[] OfferedProfileValues => [.. options.SrtpProfiles.Select(p => (int)p)];

    /// <summary>Checks the peer's certificate against the signaled fingerprint (RFC 8122 §5, RFC 5763 §5).</summary>
    public void VerifyPeerCertificate(BcCertificate? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            Failure = new DtlsTransportError(DtlsErrorReason.NoPeerCertificate, "The peer sent no certificate.", (byte)AlertDescription.certificate_required);
            throw new TlsFatalAlert(AlertDescription.certificate_required, Failure.Message);
        }

        byte[] der = chain.GetCertificateAt(0).GetEncoded();
        if (!remoteFingerprint.Matches(der))
        {
            RtcCertificateFingerprint actual = RtcCertificateFingerprint.Compute(der, remoteFingerprint.Algorithm);
            Failure = new DtlsTransportError(DtlsErrorReason.FingerprintMismatch,
                $"The peer's certificate has fingerprint {actual}, but {remoteFingerprint} was signaled.", (byte)AlertDescription.bad_certificate);
            throw new TlsFatalAlert(AlertDescription.bad_certificate, Failure.Message);
        }

        PeerCertificate = der;
    }

    /// <summary>Our signing credentials for the handshake, with the hash the peer accepts (SHA-256 when it says nothing).</summary>
    public TlsCredentialedSigner CreateSigner(TlsContext context, IList<SignatureAndHashAlgorithm>? peerAlgorithms)
    {
        short signature = Certificate.KeyType == RtcKeyType.EcdsaP256 ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa;
        SignatureAndHashAlgorithm chosen = SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, signature);
        if (peerAlgorithms is not null && !peerAlgorithms.Contains(chosen))
        {
            chosen = peerAlgorithms.FirstOrDefault(a => a.Signature == signature) ?? chosen;
        }

        BcCertificate certificate = Certificate.GetBouncyCastleCertificate(crypto);
        if (Certificate.EcdsaKey is { } ecdsa && crypto is DtlsTlsCrypto { UsesDotNetHandshakeCrypto: true })
        {
            return new DefaultTlsCredentialedSigner(new TlsCryptoParameters(context), new DotNetTlsEcdsaSigner(ecdsa),
                certificate, chosen);
        }

        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
            Certificate.GetBouncyCastlePrivateKey(), certificate, chosen);
    }

    /// <summary>The server's choice: our most preferred profile the client also offered (RFC 5764 §4.1.1).</summary>
    public SrtpProtectionProfile ChooseProfile(int[] offeredByClient)
    {
        foreach (SrtpProtectionProfile mine in options.SrtpProfiles)
        {
            if (Array.IndexOf(offeredByClient, (int)mine) >= 0)
            {
                return mine;
            }
        }

        return SrtpProtectionProfile.None;
    }

    /// <summary>Fails the handshake for want of a common profile when SRTP is required.</summary>
    public void RequireProfileIfConfigured(string detail)
    {
        if (options.RequireSrtp && SelectedProfile == SrtpProtectionProfile.None)
        {
            Failure = new DtlsTransportError(DtlsErrorReason.NoCommonSrtpProfile,
                $"No SRTP protection profile in common: {detail}.", (byte)AlertDescription.handshake_failure);
            throw new TlsFatalAlert(AlertDescription.handshake_failure, Failure.Message);
        }
    }

    public void NotifyAlert(short level, short description, bool received) => onAlert(level, description, received);
}
