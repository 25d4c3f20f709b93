using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Rtp.Srtp;

/// <summary>Key, salt and tag sizes of each supported protection profile (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
internal readonly record struct SrtpProfileInfo(
    SrtpProtectionProfile Profile,
    int MasterKeyLength,
    int MasterSaltLength,
    int SessionAuthKeyLength,
    int RtpTagLength,
    int RtcpTagLength,
    bool IsAead)
{
    /// <summary>The parameters of <paramref name="profile"/>; throws <see cref="NotSupportedException"/> for anything else.</summary>
    public static SrtpProfileInfo For(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => new(profile, 16, 14, 20, 10, 10, false),
        SrtpProtectionProfile.Aes128CmHmacSha1_32 => new(profile, 16, 14, 20, 4, 10, false),
        SrtpProtectionProfile.AeadAes128Gcm => new(profile, 16, 12, 0, 16, 16, true),
        SrtpProtectionProfile.AeadAes256Gcm => new(profile, 32, 12, 0, 16, 16, true),
        _ => throw new NotSupportedException(
            $"SRTP protection profile {profile} (0x{(int)profile:X4}) is not supported; supported are " +
            "SRTP_AES128_CM_HMAC_SHA1_80, SRTP_AES128_CM_HMAC_SHA1_32, SRTP_AEAD_AES_128_GCM and SRTP_AEAD_AES_256_GCM."),
    };

    /// <summary>True for the four profiles this library implements.</summary>
    public static bool IsSupported(SrtpProtectionProfile profile) => profile is SrtpProtectionProfile.Aes128CmHmacSha1_80
        or SrtpProtectionProfile.Aes128CmHmacSha1_32 or SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm;
}
