using Jingle.Net.Sctp.Association;

namespace Jingle.Net.Sctp.Tests;

public sealed class RtoEstimatorTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Rfc9260_6_3_1_FirstAndSubsequentMeasurements()
    {
        var rto = new RtoEstimator(Ms(1000), Ms(100), Ms(60000));
        Assert.Equal(Ms(1000), rto.Rto); // C1: RTO.Initial before any measurement

        rto.OnMeasurement(Ms(200)); // C2: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR
        Assert.Equal(Ms(200), rto.Srtt);
        Assert.Equal(Ms(100), rto.RttVar);
        Assert.Equal(Ms(600), rto.Rto);

        rto.OnMeasurement(Ms(100)); // C3: RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'|, SRTT = 7/8 SRTT + 1/8 R'
        Assert.Equal(Ms(100), rto.RttVar);                  // 75 + 25
        Assert.Equal(Ms(187.5), rto.Srtt);                  // 175 + 12.5
        Assert.Equal(Ms(587.5), rto.Rto);
    }

    [Fact]
    public void Rto_IsClampedToMinAndMax_AndBackoffDoubles()
    {
        var rto = new RtoEstimator(Ms(500), Ms(200), Ms(3000));
        rto.OnMeasurement(Ms(1)); // 1 + 4 × 0.5 = 3 ms -> RTO.Min
        Assert.Equal(Ms(200), rto.Rto);
        rto.Backoff();
        Assert.Equal(Ms(400), rto.Rto);
        for (int i = 0; i < 10; i++)
        {
            rto.Backoff();
        }

        Assert.Equal(Ms(3000), rto.Rto); // RTO.Max
        rto.OnMeasurement(Ms(10_000));
        Assert.Equal(Ms(3000), rto.Rto);
    }
}
