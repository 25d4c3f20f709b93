using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// BouncyCastle's TLS crypto with one change: (D)TLS 1.2 AES-GCM records are protected by <see cref="AesGcmTlsCipher"/>
/// (.NET <c>AesGcm</c>, AES-NI, no per-record buffers). Everything else — key exchange, signatures, PRF, the
/// handshake — stays BouncyCastle's.
/// </summary>
internal sealed class DtlsTlsCrypto(SecureRandom random, bool useDotNetAesGcm = true) : BcTlsCrypto(random)
{
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
}
