using Jingle.Net.Base.Threading;

namespace Jingle.Net.Ice;

/// <summary>
/// Where the ICE objects' timers run: on the worker <see cref="RtcThread"/> when there is one, otherwise directly
/// from the <see cref="TimeProvider"/>'s timer callback — which, with a fake clock and the VirtualNetwork, is the
/// test's own thread, so a whole run is single-threaded and deterministic. Counts what is pending so tests can
/// assert that nothing is left behind.
/// </summary>
internal sealed class IceScheduler
{
    private readonly TimeProvider _time;
    private readonly RtcThread? _thread;
    private int _pending;

    public IceScheduler(TimeProvider time, RtcThread? thread)
    {
        _time = time;
        _thread = thread;
    }

    public RtcThread? Thread => _thread;

    public TimeProvider TimeProvider => _time;

    /// <summary>Timers scheduled and neither fired nor cancelled.</summary>
    public int PendingCount => Volatile.Read(ref _pending);

    /// <summary>Milliseconds on the injected clock.</summary>
    public long NowMs => (long)_time.GetElapsedTime(0, _time.GetTimestamp()).TotalMilliseconds;

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/>; dispose the handle to cancel.</summary>
    public IDisposable Schedule(TimeSpan delay, Action action)
    {
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        var handle = new Handle(this, action);
        Interlocked.Increment(ref _pending);
        if (_thread is not null)
        {
            handle.Inner = _thread.PostDelayed(delay, handle.Fire);
        }
        else
        {
            handle.Inner = _time.CreateTimer(static s => ((Handle)s!).Fire(), handle, delay, Timeout.InfiniteTimeSpan);
        }

        return handle;
    }

    private sealed class Handle(IceScheduler owner, Action action) : IDisposable
    {
        private int _done;

        public IDisposable? Inner { get; set; }

        public void Fire()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref owner._pending);
                Inner?.Dispose();
                action();
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref owner._pending);
                Inner?.Dispose();
            }
        }
    }
}
