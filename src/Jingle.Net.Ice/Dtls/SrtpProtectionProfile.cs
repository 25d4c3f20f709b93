namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// DTLS-SRTP protection profiles (RFC 5764 §4.1.2, RFC 7714 §14.2), with their IANA values. Negotiated by
/// DtlsTransport in the use_srtp extension; used by Jingle.Net.Rtp to build the SRTP contexts.
/// </summary>
public enum SrtpProtectionProfile
{
    /// <summary>None negotiated.</summary>
    None = 0,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode, 80-bit HMAC-SHA1 tag.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_32: AES-128 counter mode, 32-bit HMAC-SHA1 tag on SRTP (80 on SRTCP).</summary>
    Aes128CmHmacSha1_32 = 0x0002,

    /// <summary>SRTP_AEAD_AES_128_GCM (RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>SRTP_AEAD_AES_256_GCM (RFC 7714).</summary>
    AeadAes256Gcm = 0x0008,
}
