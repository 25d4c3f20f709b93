namespace Jingle.Net.Stun.Credentials;

/// <summary>PASSWORD-ALGORITHM values (RFC 8489 §18.5).</summary>
public enum PasswordAlgorithm : ushort
{
    /// <summary>MD5 (the RFC 5389 key, and the default when the server offers no PASSWORD-ALGORITHMS).</summary>
    Md5 = 0x0001,

    /// <summary>SHA-256.</summary>
    Sha256 = 0x0002,
}
