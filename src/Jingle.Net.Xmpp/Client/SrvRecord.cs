namespace Jingle.Net.Xmpp;

/// <summary>One DNS SRV record (RFC 2782).</summary>
public sealed record SrvRecord(ushort Priority, ushort Weight, ushort Port, string Target);
