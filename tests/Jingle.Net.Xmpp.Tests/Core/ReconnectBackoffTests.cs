using Jingle.Net.Base;

namespace Jingle.Net.Xmpp.Tests.Core;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Doubles_FromMinimum_UpToMaximum_WithBoundedJitter()
    {
        RandomSource random = RandomSource.CreateSeeded(42);
        TimeSpan min = TimeSpan.FromSeconds(1), max = TimeSpan.FromSeconds(60);
        for (int attempt = 0; attempt < 40; attempt++)
        {
            double nominal = Math.Min(60_000, 1000 * Math.Pow(2, Math.Min(attempt, 30)));
            double ms = ReconnectBackoff.Delay(attempt, min, max, random).TotalMilliseconds;
            Assert.InRange(ms, nominal * 0.8, nominal * 1.2);
        }
    }

    [Fact]
    public void Jitter_Differs_BetweenDraws()
    {
        RandomSource random = RandomSource.CreateSeeded(1);
        var delays = Enumerable.Range(0, 10).Select(_ => ReconnectBackoff.Delay(3, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), random)).ToHashSet();
        Assert.True(delays.Count > 5);
    }
}
