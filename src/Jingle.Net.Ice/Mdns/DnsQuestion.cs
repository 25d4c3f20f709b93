namespace Jingle.Net.Ice.Mdns;

/// <summary>
/// One entry of a DNS question section (RFC 1035 §4.1.2). In mDNS the top bit of <paramref name="Class"/> asks for a
/// unicast response (RFC 6762 §5.4); a one-shot query from a port other than 5353 gets a unicast answer anyway.
/// </summary>
internal readonly record struct DnsQuestion(string Name, DnsRecordType Type, ushort Class = DnsMessage.ClassInternet);
