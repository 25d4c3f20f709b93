using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// The legacy <c>a=sctpmap:&lt;port&gt; &lt;protocol&gt; [&lt;streams&gt;]</c> of draft-ietf-mmusic-sctp-sdp-05, used
/// with <c>m=application ... DTLS/SCTP 5000</c> by older libwebrtc and aiortc.
/// </summary>
public sealed class SctpMapAttribute : SdpAttribute
{
    public const string AttributeName = "sctpmap";

    public SctpMapAttribute(int port, string protocol, int? streams = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        Port = port;
        Protocol = protocol;
        Streams = streams;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    public int Port { get; set; }

    /// <summary>"webrtc-datachannel".</summary>
    public string Protocol { get; set; }

    public int? Streams { get; set; }

    internal static SctpMapAttribute? Parse(string value)
    {
        string[] t = SdpText.Tokens(value);
        if (t.Length is < 2 or > 3 || !SdpText.TryPort(t[0], out int port))
        {
            return null;
        }

        if (t.Length == 2)
        {
            return new SctpMapAttribute(port, t[1]);
        }

        return SdpText.TryInt(t[2], out int streams) ? new SctpMapAttribute(port, t[1], streams) : null;
    }

    internal override void AppendValue(StringBuilder sb)
    {
        sb.Append(Port).Append(' ').Append(Protocol);
        if (Streams is int s)
        {
            sb.Append(' ').Append(s);
        }
    }
}
