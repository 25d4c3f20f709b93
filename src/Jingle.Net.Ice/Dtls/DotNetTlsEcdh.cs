using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// One ECDHE agreement (one per handshake): our ephemeral key pair, the peer's public point, and the shared secret.
/// Both .NET key objects are released once the secret has been computed. Keys are never logged.
/// </summary>
internal sealed class DotNetTlsEcdh(TlsCrypto crypto, ECCurve curve, int fieldSize) : TlsAgreement
{
    private ECDiffieHellman? _local;
    private ECDiffieHellman? _peer;

    public byte[] GenerateEphemeral()
    {
        _local?.Dispose();
        _local = ECDiffieHellman.Create(curve);
        ECParameters parameters = _local.ExportParameters(includePrivateParameters: false);
        byte[] encoded = new byte[1 + (2 * fieldSize)];
        encoded[0] = 0x04; // uncompressed (RFC 8422 §5.4.1: the only format)
        CopyCoordinate(parameters.Q.X!, encoded.AsSpan(1, fieldSize));
        CopyCoordinate(parameters.Q.Y!, encoded.AsSpan(1 + fieldSize, fieldSize));
        return encoded;
    }

    public void ReceivePeerValue(byte[] peerValue)
    {
        // As BouncyCastle: only the uncompressed form of a point on the curve; anything else is illegal_parameter.
        if (peerValue is null || peerValue.Length != 1 + (2 * fieldSize) || peerValue[0] != 0x04)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "Invalid ECDHE public point encoding.");
        }

        var parameters = new ECParameters
        {
            Curve = curve,
            Q = new ECPoint
            {
                X = peerValue.AsSpan(1, fieldSize).ToArray(),
                Y = peerValue.AsSpan(1 + fieldSize, fieldSize).ToArray(),
            },
        };
        _peer?.Dispose();
        try
        {
            _peer = ECDiffieHellman.Create(parameters); // validates that the point is on the curve
        }
        catch (CryptographicException e)
        {
            _peer = null;
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "The ECDHE public point is not on the curve.", e);
        }
    }

    public TlsSecret CalculateSecret()
    {
        if (_local is null || _peer is null)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, "ECDHE secret requested before both public values.");
        }

        byte[]? z = null;
        try
        {
            using (ECDiffieHellmanPublicKey peerKey = _peer.PublicKey)
            {
                z = _local.DeriveRawSecretAgreement(peerKey);
            }

            if (z.Length == fieldSize)
            {
                return crypto.CreateSecret(z);
            }

            // OpenSSL pads to the field size already; keep the RFC 8422 §5.10 guarantee regardless.
            byte[] padded = new byte[fieldSize];
            z.AsSpan().CopyTo(padded.AsSpan(fieldSize - z.Length));
            TlsSecret secret = crypto.CreateSecret(padded);
            CryptographicOperations.ZeroMemory(padded);
            return secret;
        }
        catch (CryptographicException e)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "ECDHE agreement failed.", e);
        }
        finally
        {
            if (z is not null)
            {
                CryptographicOperations.ZeroMemory(z);
            }

            _local.Dispose();
            _peer.Dispose();
            _local = null;
            _peer = null;
        }
    }

    /// <summary>Right-aligns a big-endian coordinate in its fixed-length slot.</summary>
    private static void CopyCoordinate(byte[] value, Span<byte> slot)
    {
        slot.Clear();
        value.AsSpan().CopyTo(slot[(slot.Length - value.Length)..]);
    }
}
