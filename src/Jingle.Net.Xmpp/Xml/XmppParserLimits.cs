namespace Jingle.Net.Xmpp.Xml;

/// <summary>Resource limits of <see cref="XmppStreamParser"/>; exceeding one is a <c>policy-violation</c> stream error.</summary>
public sealed record XmppParserLimits
{
    /// <summary>Largest first-level element in bytes (RFC 6120 §13.12 suggests at least 10,000).</summary>
    public int MaxStanzaBytes { get; init; } = 256 * 1024;

    /// <summary>Deepest element nesting, counting the stream element as depth 1.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most attributes (namespace declarations included) on one element.</summary>
    public int MaxAttributes { get; init; } = 64;

    /// <summary>The defaults.</summary>
    public static XmppParserLimits Default { get; } = new();
}
