namespace Jingle.Net.Ice.Mdns;

/// <summary>DNS resource record types (RFC 1035 §3.2.2, RFC 3596) the mDNS resolver asks for; any other value passes through.</summary>
internal enum DnsRecordType : ushort
{
    /// <summary>An IPv4 address (4 bytes).</summary>
    A = 1,

    /// <summary>A domain name pointer.</summary>
    Ptr = 12,

    /// <summary>An IPv6 address (16 bytes, RFC 3596).</summary>
    Aaaa = 28,

    /// <summary>Any type (a question only).</summary>
    Any = 255,
}
