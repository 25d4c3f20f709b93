namespace Jingle.Net.Ice.Checks;

/// <summary>
/// Round-trip time of a pair from check/response samples: libwebrtc's smoothing, rtt = (3 × rtt + sample) / 4, the
/// first sample taken as is. Also keeps the total and count for stats (W3C totalRoundTripTime).
/// </summary>
internal struct RttEstimator
{
    public int SampleCount { get; private set; }

    /// <summary>The smoothed RTT in milliseconds; -1 before the first sample.</summary>
    public double SmoothedMilliseconds { get; private set; }

    public double LatestMilliseconds { get; private set; }

    public double TotalMilliseconds { get; private set; }

    public RttEstimator() => SmoothedMilliseconds = -1;

    public void AddSample(double milliseconds)
    {
        if (milliseconds < 0)
        {
            milliseconds = 0;
        }

        LatestMilliseconds = milliseconds;
        TotalMilliseconds += milliseconds;
        SmoothedMilliseconds = SampleCount == 0 ? milliseconds : ((3 * SmoothedMilliseconds) + milliseconds) / 4;
        SampleCount++;
    }
}
