using Jingle.Net.Sdp;

namespace Jingle.Net.Jsep;

/// <summary>
/// One audio or video m-section of an offer (a transceiver, RFC 9429 §5.2.1): its mid, direction, the codecs in
/// preference order, and, when it sends, the MediaStream/track ids (RFC 8830) and the SSRC with its CNAME (RFC 5576).
/// </summary>
internal sealed record OfferedMedia(string Kind, string Mid, MediaDirection Direction)
{
    /// <summary>The codecs to offer, in preference order; those of another kind are skipped.</summary>
    public IReadOnlyList<SupportedCodec> Codecs { get; init; } = SupportedCodec.Defaults;

    /// <summary>The msid stream id ("-" for none) when the transceiver sends, or null.</summary>
    public string? StreamId { get; init; }

    /// <summary>The msid track id when the transceiver sends, or null.</summary>
    public string? TrackId { get; init; }

    /// <summary>The SSRC the sender uses, or null (then no a=ssrc lines).</summary>
    public uint? Ssrc { get; init; }

    /// <summary>The SSRC of the RTX stream (a=ssrc-group:FID), or null.</summary>
    public uint? RtxSsrc { get; init; }

    /// <summary>The RTCP CNAME (RFC 7022) for the a=ssrc lines.</summary>
    public string? Cname { get; init; }
}
