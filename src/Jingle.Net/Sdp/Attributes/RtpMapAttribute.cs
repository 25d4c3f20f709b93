using System.Text;

namespace Jingle.Net.Sdp;

/// <summary><c>a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;]</c> (RFC 8866 §6.6).</summary>
public sealed class RtpMapAttribute : SdpAttribute
{
    public const string AttributeName = "rtpmap";

    public RtpMapAttribute(int payloadType, string encodingName, int clockRate, int? channels = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(encodingName);
        PayloadType = payloadType;
        EncodingName = encodingName;
        ClockRate = clockRate;
        Channels = channels;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    public int PayloadType { get; set; }

    /// <summary>The encoding name as written ("opus", "VP8"); compare case-insensitively.</summary>
    public string EncodingName { get; set; }

    public int ClockRate { get; set; }

    /// <summary>The channel count when written (audio); null means 1.</summary>
    public int? Channels { get; set; }

    internal static RtpMapAttribute? Parse(string value)
    {
        if (!SdpText.TrySplitFirst(value, out string pt, out string rest) ||
            !SdpText.TryInt(pt, out int payloadType) || payloadType > 127)
        {
            return null;
        }

        string[] parts = rest.Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[0].Contains(' ', StringComparison.Ordinal) ||
            !SdpText.TryInt(parts[1], out int clock))
        {
            return null;
        }

        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpText.TryInt(parts[2], out int ch))
            {
                return null;
            }

            channels = ch;
        }

        return new RtpMapAttribute(payloadType, parts[0], clock, channels);
    }

    internal override void AppendValue(StringBuilder sb)
    {
        sb.Append(PayloadType).Append(' ').Append(EncodingName).Append('/').Append(ClockRate);
        if (Channels is int ch)
        {
            sb.Append('/').Append(ch);
        }
    }
}
