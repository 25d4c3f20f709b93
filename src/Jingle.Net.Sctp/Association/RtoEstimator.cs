namespace Jingle.Net.Sctp.Association;

/// <summary>The retransmission timeout calculation of RFC 9260 §6.3.1 (SRTT, RTTVAR, RTO with min/max and backoff).</summary>
internal sealed class RtoEstimator(TimeSpan initial, TimeSpan min, TimeSpan max)
{
    private bool _measured;

    public TimeSpan Rto { get; private set; } = initial;

    public TimeSpan Srtt { get; private set; }

    public TimeSpan RttVar { get; private set; }

    /// <summary>C1–C3: a new RTT measurement R (only from chunks sent once, Karn's rule, §6.3.1 C5).</summary>
    public void OnMeasurement(TimeSpan r)
    {
        if (r < TimeSpan.Zero)
        {
            return;
        }

        if (!_measured)
        {
            Srtt = r;
            RttVar = r / 2;
            _measured = true;
        }
        else
        {
            TimeSpan delta = Srtt - r;
            RttVar = (RttVar * 3 / 4) + ((delta < TimeSpan.Zero ? -delta : delta) / 4);
            Srtt = (Srtt * 7 / 8) + (r / 8);
        }

        TimeSpan rto = Srtt + (4 * RttVar);
        Rto = rto < min ? min : rto > max ? max : rto;
    }

    /// <summary>E2 (§6.3.3): the timer expired; double RTO up to the maximum.</summary>
    public void Backoff()
    {
        TimeSpan doubled = Rto * 2;
        Rto = doubled > max ? max : doubled;
    }
}
