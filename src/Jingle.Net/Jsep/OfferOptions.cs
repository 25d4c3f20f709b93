namespace Jingle.Net.Jsep;

/// <summary>Input of <see cref="SdpOfferAnswer.CreateOffer"/>: the media sections, then an optional data channel section.</summary>
internal sealed record OfferOptions(LocalTransportParameters Transport)
{
    public string SessionId { get; init; } = "0";

    public ulong SessionVersion { get; init; } = 1;

    /// <summary>The audio/video m-sections, in m-line order.</summary>
    public IReadOnlyList<OfferedMedia> Media { get; init; } = [];

    /// <summary>The mid of the data channel m-section (written after the media), or null for none.</summary>
    public string? DataChannelMid { get; init; }

    public int SctpPort { get; init; } = 5000;

    public ulong MaxMessageSize { get; init; } = 262144;

    /// <summary>The RTP header extensions to offer (ids 1, 2, ... in this order).</summary>
    public IReadOnlyList<string> HeaderExtensions { get; init; } = ["urn:ietf:params:rtp-hdrext:sdes:mid"];
}
