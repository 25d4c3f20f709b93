using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// Verifies the peer's ServerKeyExchange / CertificateVerify ECDSA signature with .NET (OpenSSL on Linux). BouncyCastle
/// creates one verifier per signature to check and passes the digest it computed; the public key is released after
/// that one check.
/// </summary>
internal sealed class DotNetTlsEcdsaVerifier(ECDsa publicKey) : TlsVerifier
{
    /// <summary>None: BouncyCastle then computes the digest and calls <see cref="VerifyRawSignature"/>.</summary>
    public TlsStreamVerifier? GetStreamVerifier(DigitallySigned digitallySigned) => null;

    public bool VerifyRawSignature(DigitallySigned digitallySigned, byte[] hash)
    {
        SignatureAndHashAlgorithm algorithm = digitallySigned.Algorithm;
        if (algorithm is not null && algorithm.Signature != SignatureAlgorithm.ecdsa)
        {
            throw new InvalidOperationException("Invalid algorithm: " + algorithm);
        }

        ReadOnlySpan<byte> digest = algorithm is null ? hash.AsSpan(16, 20) : hash;
        try
        {
            return publicKey.VerifyHash(digest, digitallySigned.Signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false; // a malformed signature is a signature that does not verify (decrypt_error)
        }
        finally
        {
            publicKey.Dispose();
        }
    }
}
