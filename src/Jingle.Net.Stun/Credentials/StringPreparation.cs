namespace Jingle.Net.Stun.Credentials;

/// <summary>How a password and realm are prepared before the key is computed.</summary>
public enum StringPreparation
{
    /// <summary>RFC 8265 OpaqueString (RFC 8489).</summary>
    OpaqueString,

    /// <summary>RFC 4013 SASLprep (RFC 5389; the RFC 5769 long-term test vector).</summary>
    Saslprep,

    /// <summary>Bytes as given, UTF-8 (what many deployed servers do for ASCII credentials).</summary>
    None,
}
