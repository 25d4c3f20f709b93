using System.Text;

namespace Jingle.Net.Sdp;

/// <summary><c>a=rtcp-fb:&lt;payload type|*&gt; &lt;type&gt; [&lt;parameter&gt;]</c> (RFC 4585 §4.2), e.g. "96 nack pli".</summary>
public sealed class RtcpFeedbackAttribute : SdpAttribute
{
    public const string AttributeName = "rtcp-fb";

    public RtcpFeedbackAttribute(string format, string type, string? parameter = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(format);
        ArgumentException.ThrowIfNullOrEmpty(type);
        Format = format;
        Type = type;
        Parameter = string.IsNullOrEmpty(parameter) ? null : parameter;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    /// <summary>A payload type number or "*".</summary>
    public string Format { get; set; }

    /// <summary>The payload type when <see cref="Format"/> is a number, else -1 (for "*").</summary>
    public int PayloadType => SdpText.TryInt(Format, out int pt) ? pt : -1;

    /// <summary>"nack", "ccm", "goog-remb", "transport-cc", ...</summary>
    public string Type { get; set; }

    /// <summary>"pli", "fir", ... or null.</summary>
    public string? Parameter { get; set; }

    internal static RtcpFeedbackAttribute? Parse(string value)
    {
        if (!SdpText.TrySplitFirst(value, out string format, out string rest) ||
            !SdpText.TrySplitFirst(rest, out string type, out string parameter))
        {
            return null;
        }

        return new RtcpFeedbackAttribute(format, type, parameter);
    }

    internal override void AppendValue(StringBuilder sb)
    {
        sb.Append(Format).Append(' ').Append(Type);
        if (Parameter is not null)
        {
            sb.Append(' ').Append(Parameter);
        }
    }
}
