using System.Text;

namespace Jingle.Net.Sdp;

/// <summary><c>a=ssrc:&lt;ssrc-id&gt; &lt;attribute&gt;[:&lt;value&gt;]</c> (RFC 5576 §4.1), e.g. "1234 cname:abc".</summary>
public sealed class SsrcAttribute : SdpAttribute
{
    public const string AttributeName = "ssrc";

    public SsrcAttribute(uint ssrc, string attribute, string? value = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(attribute);
        Ssrc = ssrc;
        Attribute = attribute;
        Value = value;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    public uint Ssrc { get; set; }

    /// <summary>"cname", "msid", "mslabel", "label", ...</summary>
    public string Attribute { get; set; }

    /// <summary>The text after the colon (may contain spaces, as in "msid:stream track"), or null.</summary>
    public string? Value { get; set; }

    internal static SsrcAttribute? Parse(string value)
    {
        if (!SdpText.TrySplitFirst(value, out string id, out string rest) || !SdpText.TryUInt(id, out uint ssrc) ||
            rest.Length == 0)
        {
            return null;
        }

        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon == 0)
        {
            return null;
        }

        return colon < 0 ? new SsrcAttribute(ssrc, rest) : new SsrcAttribute(ssrc, rest[..colon], rest[(colon + 1)..]);
    }

    internal override void AppendValue(StringBuilder sb)
    {
        sb.Append(Ssrc).Append(' ').Append(Attribute);
        if (Value is not null)
        {
            sb.Append(':').Append(Value);
        }
    }
}
