namespace Jingle.Net.Xmpp.Modules;

/// <summary>A disco#info answer (XEP-0030 §3): identities and features.</summary>
public sealed record DiscoInfo(IReadOnlyList<DiscoIdentity> Identities, IReadOnlyList<string> Features)
{
    /// <summary>True when <paramref name="feature"/> is advertised.</summary>
    public bool HasFeature(string feature) => Features.Contains(feature, StringComparer.Ordinal);
}
