namespace Jingle.Net.Rtp.Session;

/// <summary>
/// The RTCP transmission interval of RFC 3550 §6.3 and appendix A.7 (rtcp_interval): RTCP gets 5% of the session
/// bandwidth, senders a quarter of it when they are under 25% of the members, the interval has a floor (RFC 3550:
/// 5 s, halved for the first report; WebRTC uses 1 s for video and 5 s for audio), and is randomized over
/// [0.5, 1.5] × T divided by e − 3/2 to compensate for timer reconsideration.
/// </summary>
public static class RtcpIntervalCalculator
{
    /// <summary>RFC 3550's minimum, and libwebrtc's for audio.</summary>
    public static readonly TimeSpan AudioMinimum = TimeSpan.FromSeconds(5);

    /// <summary>libwebrtc's minimum for video.</summary>
    public static readonly TimeSpan VideoMinimum = TimeSpan.FromSeconds(1);

    private const double Compensation = 2.71828 - 1.5; // e - 3/2
    private const double SenderFraction = 0.25;
    private const double ReceiverFraction = 1 - SenderFraction;

    /// <summary>
    /// The deterministic interval T before randomization (A.7), in seconds.
    /// <paramref name="rtcpBandwidth"/> is in octets per second (5% of the session bandwidth).
    /// </summary>
    public static double DeterministicInterval(int members, int senders, double rtcpBandwidth, bool weSent,
        double averageRtcpSize, bool initial, TimeSpan minimum)
    {
        double tmin = minimum.TotalSeconds;
        if (initial)
        {
            tmin /= 2;
        }

        double n = members;
        if (senders <= members * SenderFraction)
        {
            if (weSent)
            {
                rtcpBandwidth *= SenderFraction;
                n = senders;
            }
            else
            {
                rtcpBandwidth *= ReceiverFraction;
                n -= senders;
            }
        }

        double t = rtcpBandwidth > 0 ? averageRtcpSize * Math.Max(n, 1) / rtcpBandwidth : tmin;
        return Math.Max(t, tmin);
    }

    /// <summary>The randomized interval (A.7): T × U(0.5, 1.5) / (e − 3/2). <paramref name="uniform"/> is in [0, 1).</summary>
    public static TimeSpan Interval(int members, int senders, double rtcpBandwidth, bool weSent, double averageRtcpSize,
        bool initial, TimeSpan minimum, double uniform)
    {
        double t = DeterministicInterval(members, senders, rtcpBandwidth, weSent, averageRtcpSize, initial, minimum);
        return TimeSpan.FromSeconds(t * (uniform + 0.5) / Compensation);
    }
}
