namespace Jingle.Net.Rtp.Srtp;

/// <summary>Counters of one <see cref="SrtpContext"/>. Every dropped packet is counted under exactly one reason.</summary>
public sealed class SrtpStatistics
{
    public long RtpProtected { get; internal set; }

    public long RtpUnprotected { get; internal set; }

    public long RtcpProtected { get; internal set; }

    public long RtcpUnprotected { get; internal set; }

    /// <summary>Packets whose authentication tag did not verify.</summary>
    public long AuthenticationFailures { get; internal set; }

    /// <summary>Packets refused by the replay window.</summary>
    public long ReplaysDropped { get; internal set; }

    /// <summary>Packets too short or with a malformed header.</summary>
    public long MalformedDropped { get; internal set; }

    /// <summary>Packets from an SSRC beyond <see cref="SrtpOptions.MaxStreams"/>.</summary>
    public long StreamLimitDropped { get; internal set; }
}
