namespace Jingle.Net.Xmpp.Modules;

/// <summary>A service discovery identity (XEP-0030 §3.1).</summary>
public sealed record DiscoIdentity(string Category, string Type, string? Name = null, string? Lang = null);
