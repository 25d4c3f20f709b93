using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// A certificate in the handshake — the peer's, or ours — as BouncyCastle parses it, with two changes:
/// <see cref="GetEncoded"/> returns the DER it was parsed from instead of re-encoding the ASN.1 every time
/// (BouncyCastle encodes ours into each Certificate message; we hash the peer's for the fingerprint check); and ECDSA
/// P-256 / P-384 signatures are verified by .NET (<see cref="DotNetTlsEcdsaVerifier"/>): the public point is taken
/// straight from the SubjectPublicKeyInfo and imported into <see cref="ECDsa"/>, which checks that it is on the curve.
/// Other keys (RSA, other curves, compressed points) keep BouncyCastle's verifiers.
/// </summary>
internal sealed class DtlsTlsCertificate(BcTlsCrypto crypto, byte[] encoding) : BcTlsCertificate(crypto, encoding)
{
    private readonly byte[] _encoding = encoding;

    /// <summary>
    /// The encoding the certificate was parsed from — as sent on the wire, which is what an RFC 8122 fingerprint
    /// covers — as a copy (callers may keep or change it).
    /// </summary>
    public override byte[] GetEncoded() => (byte[])_encoding.Clone();

    public override TlsVerifier CreateVerifier(short signatureAlgorithm)
    {
        if (signatureAlgorithm == SignatureAlgorithm.ecdsa && TryGetEcPublicKey(SubjectPublicKeyInfo, out ECParameters key))
        {
            ValidateKeyUsage(KeyUsage.DigitalSignature);
            try
            {
                return new DotNetTlsEcdsaVerifier(ECDsa.Create(key));
            }
            catch (CryptographicException e)
            {
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "The certificate's EC public key is invalid.", e);
            }
        }

        return base.CreateVerifier(signatureAlgorithm);
    }

    /// <summary>An id-ecPublicKey on a named curve .NET handles, as an uncompressed point (RFC 5480 §2).</summary>
    internal static bool TryGetEcPublicKey(SubjectPublicKeyInfo info, out ECParameters key)
    {
        key = default;
        if (!X9ObjectIdentifiers.IdECPublicKey.Equals(info.Algorithm.Algorithm) || info.Algorithm.Parameters is not DerObjectIdentifier oid)
        {
            return false;
        }

        (ECCurve curve, int fieldSize) = oid switch
        {
            _ when SecObjectIdentifiers.SecP256r1.Equals(oid) => (ECCurve.NamedCurves.nistP256, 32),
            _ when SecObjectIdentifiers.SecP384r1.Equals(oid) => (ECCurve.NamedCurves.nistP384, 48),
            _ => (default(ECCurve), 0),
        };
        byte[] point = info.PublicKey.GetBytes();
        if (fieldSize == 0 || info.PublicKey.PadBits != 0 || point.Length != 1 + (2 * fieldSize) || point[0] != 0x04)
        {
            return false;
        }

        key = new ECParameters
        {
            Curve = curve,
            Q = new ECPoint { X = point.AsSpan(1, fieldSize).ToArray(), Y = point.AsSpan(1 + fieldSize, fieldSize).ToArray() },
        };
        return true;
    }
}
