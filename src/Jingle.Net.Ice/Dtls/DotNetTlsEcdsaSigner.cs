using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// Signs our ServerKeyExchange / CertificateVerify with the certificate's ECDSA key through .NET (OpenSSL on Linux)
/// instead of BouncyCastle's managed EC arithmetic. BouncyCastle hashes the handshake data with the negotiated hash
/// and hands us the digest; the signature is the DER ECDSA-Sig-Value TLS carries (RFC 8422 §5.4). The key belongs to
/// the <see cref="RtcCertificate"/>, which may sign for several handshakes at once, so signing takes its lock.
/// </summary>
internal sealed class DotNetTlsEcdsaSigner(ECDsa key) : TlsSigner
{
    public byte[] GenerateRawSignature(SignatureAndHashAlgorithm algorithm, byte[] hash)
    {
        if (algorithm is not null && algorithm.Signature != SignatureAlgorithm.ecdsa)
        {
            throw new InvalidOperationException("Invalid algorithm: " + algorithm);
        }

        // Without signature_algorithms (TLS 1.0/1.1) the digest is MD5 || SHA-1 and ECDSA signs the SHA-1 part.
        ReadOnlySpan<byte> digest = algorithm is null ? hash.AsSpan(16, 20) : hash;
        lock (key)
        {
            return key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
        }
    }

    /// <summary>None: BouncyCastle then computes the digest and calls <see cref="GenerateRawSignature"/>.</summary>
    public TlsStreamSigner? GetStreamSigner(SignatureAndHashAlgorithm algorithm) => null;
}
