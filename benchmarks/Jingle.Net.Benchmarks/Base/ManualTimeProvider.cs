namespace Jingle.Net.Benchmarks.Base;

/// <summary>
/// A minimal manual clock for benchmarks (the benchmark project does not reference the testing package): time moves
/// only in <see cref="Advance"/>, which fires due timers in due order, like FakeTimeProvider.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Volatile.Read(ref _now);

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan delta)
    {
        lock (_timers)
        {
            _now += delta.Ticks;
        }

        while (true)
        {
            ManualTimer? due = null;
            lock (_timers)
            {
                foreach (ManualTimer t in _timers)
                {
                    if (t.Due <= _now && (due is null || t.Due < due.Due))
                    {
                        due = t;
                    }
                }

                if (due is null)
                {
                    return;
                }

                due.Due = long.MaxValue;
            }

            due.Fire();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long Due { get; set; } = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._timers)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : owner._now + dueTime.Ticks;
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._timers)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
