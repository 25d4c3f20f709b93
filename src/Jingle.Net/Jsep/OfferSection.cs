namespace Jingle.Net.Jsep;

/// <summary>
/// One m-section of a transceiver offer (RFC 9429 §5.2.1/§5.2.2), in m-line order: an audio/video section
/// (<see cref="Rtp"/>), the data channel section, or a rejected one (a stopped transceiver or a recyclable slot,
/// written with port 0).
/// </summary>
internal sealed record OfferSection(string Media, string Mid)
{
    /// <summary>The audio/video section to offer, for an RTP section that is not rejected.</summary>
    public OfferedMedia? Rtp { get; init; }

    /// <summary>The data channel section (RFC 8841).</summary>
    public bool IsData { get; init; }

    /// <summary>Port 0: the section stays in its slot but is not used.</summary>
    public bool Rejected { get; init; }
}
