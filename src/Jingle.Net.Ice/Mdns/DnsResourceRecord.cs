using System.Net;

namespace Jingle.Net.Ice.Mdns;

/// <summary>
/// One resource record (RFC 1035 §4.1.3): owner name, type, class (in mDNS the top bit is the cache-flush flag,
/// RFC 6762 §10.2), TTL in seconds and the raw RDATA.
/// </summary>
internal sealed record DnsResourceRecord(string Name, DnsRecordType Type, ushort Class, uint Ttl, byte[] Data)
{
    /// <summary>An A or AAAA record for <paramref name="address"/>.</summary>
    public static DnsResourceRecord ForAddress(string name, IPAddress address, uint ttl, bool cacheFlush = true)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new DnsResourceRecord(name, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? DnsRecordType.Aaaa : DnsRecordType.A,
            (ushort)(DnsMessage.ClassInternet | (cacheFlush ? 0x8000 : 0)), ttl, address.GetAddressBytes());
    }

    /// <summary>The address of an A (4-byte) or AAAA (16-byte) record in class IN; null for anything else.</summary>
    public IPAddress? Address =>
        (Class & 0x7FFF) != DnsMessage.ClassInternet ? null
        : Type == DnsRecordType.A && Data.Length == 4 ? new IPAddress(Data)
        : Type == DnsRecordType.Aaaa && Data.Length == 16 ? new IPAddress(Data)
        : null;

    public bool Equals(DnsResourceRecord? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && Type == other.Type && Class == other.Class
        && Ttl == other.Ttl && Data.AsSpan().SequenceEqual(other.Data);

    public override int GetHashCode() => HashCode.Combine(Name, Type, Class, Ttl, Data.Length);
}
