using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// BouncyCastle's TLS crypto with the expensive parts moved to .NET (OpenSSL on Linux, native code that needs no JIT):
/// <list type="bullet">
/// <item>(D)TLS 1.2 AES-GCM records are protected by <see cref="AesGcmTlsCipher"/> (.NET <c>AesGcm</c>, AES-NI, no
/// per-record buffers);</item>
/// <item>ECDHE on secp256r1 / secp384r1 runs on <see cref="ECDiffieHellman"/> (<see cref="DotNetTlsECDomain"/>);</item>
/// <item>ECDHE on X25519, which .NET does not offer, runs on libcrypto directly (<see cref="LibCryptoTlsX25519Domain"/>)
/// where it loads, on BouncyCastle's otherwise;</item>
/// <item>the peer's ECDSA P-256 / P-384 signatures are verified with <see cref="ECDsa"/>
/// (<see cref="DtlsTlsCertificate"/>); our own are made with the certificate's .NET key
/// (<see cref="DotNetTlsEcdsaSigner"/>, chosen by <see cref="DtlsHandshakeContext.CreateSigner"/>);</item>
/// <item>SHA-256/384/512 for the transcript hash and the PRF's HMAC run on .NET (<see cref="DotNetDigest"/>);</item>
/// <item>randomness comes from the OS CSPRNG (<see cref="SharedRandom"/>).</item>
/// </list>
/// Everything else — the handshake state machine, RSA — stays BouncyCastle's. Which groups and algorithms are offered
/// or selected does not change.
/// </summary>
internal sealed class DtlsTlsCrypto(SecureRandom random, bool useDotNetAesGcm = true, bool useDotNetHandshakeCrypto = true,
    ILogger? logger = null)
    : BcTlsCrypto(random)
{
    private static int s_unavailableLogged;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private int _libCryptoX25519Agreements;

    public override TlsCipher CreateCipher(TlsCryptoParameters cryptoParams, int encryptionAlgorithm, int macAlgorithm)
    {
        if (useDotNetAesGcm && AesGcmTlsCipher.IsSupported && !TlsUtilities.IsTlsV13(cryptoParams.ServerVersion))
        {
            if (encryptionAlgorithm == EncryptionAlgorithm.AES_128_GCM)
            {
                return new AesGcmTlsCipher(cryptoParams, 16);
            }

            if (encryptionAlgorithm == EncryptionAlgorithm.AES_256_GCM)
            {
                return new AesGcmTlsCipher(cryptoParams, 32);
            }
        }

        return base.CreateCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
    }

    /// <summary>
    /// The randomness for every transport's handshake (client/server random, ephemeral keys BouncyCastle makes):
    /// the operating system's CSPRNG through .NET <see cref="RandomNumberGenerator"/>, which is thread-safe, so one
    /// instance serves all. (BouncyCastle's default SecureRandom is a SHA-256 DRBG seeded per instance, run in managed
    /// code for every random byte.)
    /// </summary>
    public static readonly SecureRandom SharedRandom = new(new CryptoApiRandomGenerator());

    /// <summary>True when our ECDSA signatures and the peer's are made and checked by .NET.</summary>
    public bool UsesDotNetHandshakeCrypto => useDotNetHandshakeCrypto;

    /// <summary>
    /// The named group of the last ECDHE domain created (one crypto per transport, so: this handshake's key exchange
    /// group), or -1. BouncyCastle's SecurityParameters.NegotiatedGroup is set for TLS 1.3 only.
    /// </summary>
    public int EcdheGroup { get; private set; } = -1;

    /// <summary>X25519 agreements of this crypto (so: of this transport's handshake) whose secret libcrypto derived.</summary>
    public int LibCryptoX25519Agreements => Volatile.Read(ref _libCryptoX25519Agreements);

    public override TlsECDomain CreateECDomain(TlsECConfig ecConfig)
    {
        EcdheGroup = ecConfig.NamedGroup;
        if (useDotNetHandshakeCrypto && DotNetTlsECDomain.TryGetCurve(ecConfig.NamedGroup, out ECCurve curve, out int fieldSize))
        {
            return new DotNetTlsECDomain(this, curve, fieldSize);
        }

        if (useDotNetHandshakeCrypto && ecConfig.NamedGroup == NamedGroup.x25519)
        {
            if (LibCryptoX25519.IsAvailable)
            {
                return new LibCryptoTlsX25519Domain(this, _logger);
            }

            if (Interlocked.Exchange(ref s_unavailableLogged, 1) == 0)
            {
                IceLog.DtlsX25519LibCryptoUnavailable(_logger, LibCryptoX25519.UnavailableReason ?? "unknown");
            }
        }

        return base.CreateECDomain(ecConfig);
    }

    internal void CountLibCryptoX25519Agreement() => Interlocked.Increment(ref _libCryptoX25519Agreements);

    /// <summary>SHA-256/384/512 (transcript hash, PRF, signature digests) on .NET; other hashes BouncyCastle's.</summary>
    public override IDigest CreateDigest(int cryptoHashAlgorithm) =>
        useDotNetHandshakeCrypto && DotNetDigest.Supports(cryptoHashAlgorithm)
            ? new DotNetDigest(cryptoHashAlgorithm)
            : base.CreateDigest(cryptoHashAlgorithm);

    public override IDigest CloneDigest(int cryptoHashAlgorithm, IDigest digest) =>
        digest is DotNetDigest ours ? ours.Clone() : base.CloneDigest(cryptoHashAlgorithm, digest);

    public override TlsCertificate CreateCertificate(short type, byte[] encoding) =>
        useDotNetHandshakeCrypto && type == CertificateType.X509
            ? new DtlsTlsCertificate(this, encoding)
            : base.CreateCertificate(type, encoding);
}
