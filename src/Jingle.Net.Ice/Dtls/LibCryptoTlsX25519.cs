using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using BcX25519Math = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Jingle.Net.Ice.Dtls;

/// <summary>The X25519 ECDHE domain on libcrypto (<see cref="LibCryptoX25519"/>): one agreement per handshake.</summary>
internal sealed class LibCryptoTlsX25519Domain(DtlsTlsCrypto crypto, ILogger logger) : TlsECDomain
{
    public TlsAgreement CreateECDH() => new LibCryptoTlsX25519(crypto, logger);
}

/// <summary>
/// One X25519 agreement (RFC 8422 §5.11, RFC 7748): the ephemeral scalar comes from the OS CSPRNG and lives only
/// inside OpenSSL (freed and cleared once the secret exists); the public value and the premaster secret are the
/// 32-byte u-coordinates. The wire behaviour is BouncyCastle's BcX25519: a peer value of another length is
/// <c>illegal_parameter</c>, an all-zero secret (a small-order peer value) <c>handshake_failure</c>. Should a
/// libcrypto call fail otherwise, the agreement finishes on BouncyCastle's X25519 with the same scalar (logged once
/// per process), so a handshake never fails for it.
/// </summary>
internal sealed class LibCryptoTlsX25519(DtlsTlsCrypto crypto, ILogger logger) : TlsAgreement
{
    private static int s_fallbackLogged;

    private LibCryptoX25519.EvpPKeyHandle? _key;
    private byte[]? _bcPrivateKey; // only after a libcrypto failure
    private byte[]? _peerPublicKey;

    public byte[] GenerateEphemeral()
    {
        ReleaseKeys();
        byte[] publicKey = new byte[LibCryptoX25519.KeySize];
        Span<byte> scalar = stackalloc byte[LibCryptoX25519.KeySize];
        try
        {
            RandomNumberGenerator.Fill(scalar);
            _key = LibCryptoX25519.CreatePrivateKey(scalar);
            if (_key is not null && LibCryptoX25519.TryGetPublicKey(_key, publicKey))
            {
                return publicKey;
            }

            LogFallback(logger, "EVP_PKEY_new_raw_private_key / EVP_PKEY_get_raw_public_key");
            ReleaseKeys();
            _bcPrivateKey = scalar.ToArray();
            BcX25519Math.ScalarMultBase(_bcPrivateKey, 0, publicKey, 0);
            return publicKey;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    public void ReceivePeerValue(byte[] peerValue)
    {
        if (peerValue is null || peerValue.Length != LibCryptoX25519.KeySize)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "Invalid X25519 public value length.");
        }

        _peerPublicKey = (byte[])peerValue.Clone();
    }

    public TlsSecret CalculateSecret()
    {
        if ((_key is null && _bcPrivateKey is null) || _peerPublicKey is null)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, "X25519 secret requested before both public values.");
        }

        byte[] secret = new byte[LibCryptoX25519.KeySize];
        try
        {
            if (_key is not null && LibCryptoX25519.TryDerive(_key, _peerPublicKey, secret))
            {
                crypto.CountLibCryptoX25519Agreement();
                return crypto.CreateSecret(secret);
            }

            // BouncyCastle decides: an all-zero secret is the peer's fault (handshake_failure, as BcX25519), anything
            // else was libcrypto's and BouncyCastle's result stands.
            byte[] scalar = _bcPrivateKey ?? new byte[LibCryptoX25519.KeySize];
            try
            {
                if (_key is not null && !LibCryptoX25519.TryGetPrivateKey(_key, scalar))
                {
                    LogFallback(logger, "EVP_PKEY_get_raw_private_key");
                    throw new TlsFatalAlert(AlertDescription.internal_error, "X25519 agreement failed in libcrypto.");
                }

                if (!BcX25519Math.CalculateAgreement(scalar, 0, _peerPublicKey, 0, secret, 0))
                {
                    throw new TlsFatalAlert(AlertDescription.handshake_failure, "X25519 shared secret is all zeros (small-order peer value).");
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(scalar);
            }

            if (_key is not null)
            {
                LogFallback(logger, "EVP_PKEY_derive");
            }

            return crypto.CreateSecret(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret); // CreateSecret keeps a copy
            ReleaseKeys();
        }
    }

    private static void LogFallback(ILogger logger, string call)
    {
        if (Interlocked.Exchange(ref s_fallbackLogged, 1) == 0)
        {
            IceLog.DtlsX25519LibCryptoCallFailed(logger, call);
        }
    }

    private void ReleaseKeys()
    {
        _key?.Dispose();
        _key = null;
        if (_bcPrivateKey is not null)
        {
            CryptographicOperations.ZeroMemory(_bcPrivateKey);
            _bcPrivateKey = null;
        }
    }
}
