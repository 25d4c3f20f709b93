using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// <c>a=candidate:&lt;foundation&gt; &lt;component-id&gt; &lt;transport&gt; ...</c> (RFC 8839 §5.1). The value is kept
/// as the raw string (the full grammar is Jingle.Net.Ice's); the foundation, component and transport are read
/// lightly so that SDP code can route candidates without the ICE parser.
/// </summary>
public sealed class CandidateAttribute : SdpAttribute
{
    public const string AttributeName = "candidate";

    private CandidateAttribute(string value, string foundation, int component, string transport)
    {
        Value = value;
        Foundation = foundation;
        Component = component;
        Transport = transport;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    /// <summary>The candidate as written after "candidate:", e.g. "1 1 udp 2130706431 192.0.2.1 5000 typ host".</summary>
    public string Value { get; }

    public string Foundation { get; }

    /// <summary>The component id: 1 for RTP (and everything with rtcp-mux), 2 for RTCP.</summary>
    public int Component { get; }

    /// <summary>The transport token as written ("udp", "UDP", "tcp").</summary>
    public string Transport { get; }

    /// <summary>Reads a candidate value, with or without the "candidate:" prefix (the W3C RTCIceCandidate form).</summary>
    public static bool TryParse(string value, out CandidateAttribute? candidate)
    {
        candidate = null;
        if (value is null)
        {
            return false;
        }

        if (value.StartsWith("candidate:", StringComparison.Ordinal))
        {
            value = value["candidate:".Length..];
        }

        string[] tokens = SdpText.Tokens(value);
        if (tokens.Length < 3 || !SdpText.TryInt(tokens[1], out int component) || component < 1 || component > 256)
        {
            return false;
        }

        candidate = new CandidateAttribute(value, tokens[0], component, tokens[2]);
        return true;
    }

    internal static CandidateAttribute? Parse(string value) => TryParse(value, out CandidateAttribute? c) ? c : null;

    internal override void AppendValue(StringBuilder sb) => sb.Append(Value);
}
