namespace Jingle.Net.Xmpp.Modules;

/// <summary>A disco#items entry (XEP-0030 §4).</summary>
public sealed record DiscoItem(string Jid, string? Node, string? Name);
