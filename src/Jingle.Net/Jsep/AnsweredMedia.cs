using Jingle.Net.Sdp;

namespace Jingle.Net.Jsep;

/// <summary>
/// What the answerer's transceiver for one offered audio/video m-section wants (RFC 9429 §5.3.1): its direction
/// (limited to what the offer allows) and, when the answer sends, the msid (RFC 8830) and SSRCs (RFC 5576).
/// </summary>
internal sealed record AnsweredMedia(MediaDirection Direction)
{
    public string? StreamId { get; init; }

    public string? TrackId { get; init; }

    public uint? Ssrc { get; init; }

    public uint? RtxSsrc { get; init; }

    public string? Cname { get; init; }
}
