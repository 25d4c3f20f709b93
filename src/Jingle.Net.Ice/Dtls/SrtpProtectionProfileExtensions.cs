namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// Key and salt sizes of the DTLS-SRTP profiles (RFC 5764 §4.1.2, RFC 7714 §14.2) and their wire names, which set
/// how much keying material DTLS exports (RFC 5764 §4.2).
/// </summary>
public static class SrtpProtectionProfileExtensions
{
    /// <summary>The profiles a <see cref="DtlsTransport"/> offers by default, most preferred first (libwebrtc's order).</summary>
    public static IReadOnlyList<SrtpProtectionProfile> DefaultProfiles { get; } =
    [
        SrtpProtectionProfile.AeadAes128Gcm,
        SrtpProtectionProfile.AeadAes256Gcm,
        SrtpProtectionProfile.Aes128CmHmacSha1_80,
        SrtpProtectionProfile.Aes128CmHmacSha1_32,
    ];

    /// <summary>The SRTP master key length in bytes.</summary>
    public static int GetMasterKeyLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 or SrtpProtectionProfile.Aes128CmHmacSha1_32 => 16,
        SrtpProtectionProfile.AeadAes128Gcm => 16,
        SrtpProtectionProfile.AeadAes256Gcm => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "No SRTP profile."),
    };

    /// <summary>The SRTP master salt length in bytes (14 for AES-CM, 12 for AEAD per RFC 7714 §12).</summary>
    public static int GetMasterSaltLength(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 or SrtpProtectionProfile.Aes128CmHmacSha1_32 => 14,
        SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "No SRTP profile."),
    };

    /// <summary>
    /// The length of the "EXTRACTOR-dtls_srtp" export: 2 × (key + salt) (RFC 5764 §4.2), i.e. 60 for AES-CM,
    /// 56 for AEAD_AES_128_GCM and 88 for AEAD_AES_256_GCM.
    /// </summary>
    public static int GetKeyingMaterialLength(this SrtpProtectionProfile profile) =>
        2 * (profile.GetMasterKeyLength() + profile.GetMasterSaltLength());

    /// <summary>The RFC 5764 / RFC 7714 name, e.g. <c>SRTP_AES128_CM_HMAC_SHA1_80</c>.</summary>
    public static string ToWireString(this SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => "SRTP_AES128_CM_HMAC_SHA1_80",
        SrtpProtectionProfile.Aes128CmHmacSha1_32 => "SRTP_AES128_CM_HMAC_SHA1_32",
        SrtpProtectionProfile.AeadAes128Gcm => "SRTP_AEAD_AES_128_GCM",
        SrtpProtectionProfile.AeadAes256Gcm => "SRTP_AEAD_AES_256_GCM",
        SrtpProtectionProfile.None => "none",
        _ => "0x" + ((int)profile).ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>True for the four profiles this stack implements.</summary>
    public static bool IsSupported(this SrtpProtectionProfile profile) => profile is SrtpProtectionProfile.Aes128CmHmacSha1_80
        or SrtpProtectionProfile.Aes128CmHmacSha1_32 or SrtpProtectionProfile.AeadAes128Gcm or SrtpProtectionProfile.AeadAes256Gcm;
}
