using Jingle.Net.Base;

namespace Jingle.Net.Xmpp;

/// <summary>Reconnect delays: exponential from a minimum, capped, with ±20 % jitter so clients do not stampede.</summary>
internal static class ReconnectBackoff
{
    /// <summary>The delay before reconnect attempt <paramref name="attempt"/> (0-based).</summary>
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max, RandomSource random)
    {
        double factor = Math.Pow(2, Math.Clamp(attempt, 0, 30));
        double ms = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * factor);
        return TimeSpan.FromMilliseconds(ms * (0.8 + (0.4 * random.NextDouble())));
    }
}
