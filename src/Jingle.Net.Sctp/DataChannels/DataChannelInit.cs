namespace Jingle.Net.Sctp.DataChannels;

/// <summary>RTCDataChannelInit (W3C WebRTC §6.2; RFC 8831 §6.1): how a channel delivers and how it is opened.</summary>
public sealed record DataChannelInit
{
    public bool Ordered { get; init; } = true;

    /// <summary>Partial reliability by retransmission count (exclusive with <see cref="MaxPacketLifeTime"/>).</summary>
    public int? MaxRetransmits { get; init; }

    /// <summary>Partial reliability by lifetime in milliseconds (exclusive with <see cref="MaxRetransmits"/>).</summary>
    public int? MaxPacketLifeTime { get; init; }

    public string Protocol { get; init; } = string.Empty;

    /// <summary>True when both sides create the channel with the same <see cref="Id"/> and no DCEP handshake.</summary>
    public bool Negotiated { get; init; }

    /// <summary>The SCTP stream id; required when <see cref="Negotiated"/>, chosen by DTLS role otherwise.</summary>
    public ushort? Id { get; init; }

    /// <summary>DCEP priority (RFC 8832 §5.1: 128 very low, 256 low, 512 medium, 1024 high).</summary>
    public ushort Priority { get; init; } = 256;
}
