using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// ECDHE on a NIST curve (secp256r1, secp384r1) with .NET's <see cref="ECDiffieHellman"/> (OpenSSL on Linux) instead
/// of BouncyCastle's managed EC arithmetic. The wire format is BouncyCastle's and RFC 8422's: the public value is
/// the uncompressed point (0x04 || X || Y, fixed length), and the premaster secret is the x-coordinate of the shared
/// point at the field's full length, leading zeros kept (RFC 8422 §5.10).
/// </summary>
internal sealed class DotNetTlsECDomain(TlsCrypto crypto, ECCurve curve, int fieldSize) : TlsECDomain
{
    /// <summary>The .NET curve and field size (bytes) for a TLS named group this domain handles.</summary>
    public static bool TryGetCurve(int namedGroup, out ECCurve curve, out int fieldSize)
    {
        switch (namedGroup)
        {
            case NamedGroup.secp256r1:
                (curve, fieldSize) = (ECCurve.NamedCurves.nistP256, 32);
                return true;
            case NamedGroup.secp384r1:
                (curve, fieldSize) = (ECCurve.NamedCurves.nistP384, 48);
                return true;
            default:
                (curve, fieldSize) = (default, 0);
                return false;
        }
    }

    public TlsAgreement CreateECDH() => new DotNetTlsEcdh(crypto, curve, fieldSize);
}
