namespace Jingle.Net.Stun;

/// <summary>
/// What <see cref="StunMessage.TryWrite"/> appends after the attributes: MESSAGE-INTEGRITY and/or
/// MESSAGE-INTEGRITY-SHA256 with <see cref="Key"/>, then FINGERPRINT.
/// </summary>
public readonly record struct StunSecurity(StunIntegrityKey? Key = null, bool Sha1 = true, bool Sha256 = false, bool Fingerprint = false)
{
    /// <summary>FINGERPRINT only.</summary>
    public static StunSecurity FingerprintOnly => new(null, false, false, true);

    /// <summary>MESSAGE-INTEGRITY (SHA-1) with <paramref name="key"/>, then FINGERPRINT (ICE, RFC 5389 servers).</summary>
    public static StunSecurity Sha1WithFingerprint(StunIntegrityKey key) => new(key, true, false, true);

    internal bool AddsIntegrity => Key is not null && Sha1;

    internal bool AddsIntegritySha256 => Key is not null && Sha256;

    internal int ExtraLength => (AddsIntegrity ? 24 : 0) + (AddsIntegritySha256 ? 36 : 0) + (Fingerprint ? 8 : 0);
}
