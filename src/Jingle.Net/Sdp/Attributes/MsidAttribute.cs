using System.Text;

namespace Jingle.Net.Sdp;

/// <summary><c>a=msid:&lt;stream id&gt; [&lt;track id&gt;]</c> (RFC 8830 §2); stream id "-" means no stream.</summary>
public sealed class MsidAttribute : SdpAttribute
{
    public const string AttributeName = "msid";

    public MsidAttribute(string streamId, string? trackId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        StreamId = streamId;
        TrackId = string.IsNullOrEmpty(trackId) ? null : trackId;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    public string StreamId { get; set; }

    /// <summary>The "appdata" (track id), or null.</summary>
    public string? TrackId { get; set; }

    internal static MsidAttribute? Parse(string value)
    {
        string[] t = SdpText.Tokens(value);
        return t.Length switch
        {
            1 => new MsidAttribute(t[0]),
            2 => new MsidAttribute(t[0], t[1]),
            _ => null,
        };
    }

    internal override void AppendValue(StringBuilder sb)
    {
        sb.Append(StreamId);
        if (TrackId is not null)
        {
            sb.Append(' ').Append(TrackId);
        }
    }
}
