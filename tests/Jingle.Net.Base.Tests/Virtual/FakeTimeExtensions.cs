using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Base.Tests.Virtual;

/// <summary>
/// <c>FakeTimeProvider.Advance</c> jumps the clock and fires what is due once; replies sent from timer callbacks need
/// another advance. Stepping runs many round trips.
/// </summary>
internal static class FakeTimeExtensions
{
    public static void AdvanceInSteps(this FakeTimeProvider time, TimeSpan total, TimeSpan? step = null)
    {
        TimeSpan s = step ?? TimeSpan.FromMilliseconds(1);
        for (TimeSpan done = TimeSpan.Zero; done < total; done += s)
        {
            time.Advance(s < total - done ? s : total - done);
        }
    }
}
