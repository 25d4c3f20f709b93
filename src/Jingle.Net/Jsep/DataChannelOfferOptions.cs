namespace Jingle.Net.Jsep;

/// <summary>Input of <see cref="SdpOfferAnswer.CreateDataChannelOffer"/>.</summary>
internal sealed record DataChannelOfferOptions(LocalTransportParameters Transport)
{
    /// <summary>The o= session id: a random 62-bit number as decimal (RFC 9429 §5.2.1).</summary>
    public string SessionId { get; init; } = "0";

    /// <summary>The o= session version; incremented on every new local description (RFC 9429 §5.2.2).</summary>
    public ulong SessionVersion { get; init; } = 1;

    public string Mid { get; init; } = "0";

    /// <summary>The SCTP port (RFC 8841 §5): 5000 by convention.</summary>
    public int SctpPort { get; init; } = 5000;

    /// <summary>The largest message we can receive (RFC 8841 §6); libwebrtc writes 262144.</summary>
    public ulong MaxMessageSize { get; init; } = 262144;
}
