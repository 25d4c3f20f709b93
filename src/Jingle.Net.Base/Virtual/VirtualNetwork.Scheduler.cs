namespace Jingle.Net.Base.Virtual;

/// <summary>The one queue of things in flight, ordered by (due time, sequence), and the one timer that drains it.</summary>
public sealed partial class VirtualNetwork
{
    private readonly PriorityQueue<ScheduledItem, (long Due, long Sequence)> _queue = new();
    private readonly ITimer _timer;
    private readonly long _start;
    private long _sequence;
    private long _armedDue = long.MaxValue;
    private bool _pumping;
    private bool _disposed;

    /// <summary>Datagrams and TCP segments in flight (0 when the network is idle).</summary>
    public int PendingCount
    {
        get { lock (Sync) { return _queue.Count; } }
    }

    /// <summary>Time since the network was created, on its clock.</summary>
    public TimeSpan Elapsed => TimeProvider.GetElapsedTime(_start);

    internal long NowTicks => TimeProvider.GetElapsedTime(_start).Ticks;

    /// <summary>
    /// Queues <paramref name="item"/> at <paramref name="due"/>, at least one tick after <paramref name="now"/>, so that
    /// nothing sent from outside the pump is delivered inline. Caller holds the lock.
    /// </summary>
    internal void ScheduleLocked(ScheduledItem item, long due, long now) => EnqueueLocked(item, Math.Max(due, now + 1), now);

    /// <summary>
    /// Queues the next step of an item the pump is running, at its logical time <paramref name="due"/> (which may be
    /// in the past when the clock jumped: the pump then runs it in the same pass). Caller holds the lock.
    /// </summary>
    internal void ContinueLocked(ScheduledItem item, long due, long now) => EnqueueLocked(item, due, now);

    private void EnqueueLocked(ScheduledItem item, long due, long now)
    {
        if (_disposed)
        {
            item.Discard();
            return;
        }

        item.Due = due;
        _queue.Enqueue(item, (due, _sequence++));
        if (!_pumping && due < _armedDue)
        {
            ArmLocked(due, now);
        }
    }

    private void ArmLocked(long due, long now)
    {
        _armedDue = due;

        // Never zero: a FakeTimeProvider fires a zero-due timer inline, which would deliver from inside SendTo.
        _timer.Change(TimeSpan.FromTicks(Math.Max(1, due - now)), Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (Sync)
        {
            if (_pumping || _disposed)
            {
                return;
            }

            _pumping = true;
            _armedDue = long.MaxValue;
        }

        bool done = false;
        try
        {
            while (true)
            {
                ScheduledItem item;
                lock (Sync)
                {
                    long now = NowTicks;
                    if (_disposed || !_queue.TryPeek(out item!, out (long Due, long Sequence) key) || key.Due > now)
                    {
                        _pumping = false;
                        done = true;
                        if (!_disposed && _queue.TryPeek(out _, out key))
                        {
                            ArmLocked(key.Due, now);
                        }

                        return;
                    }

                    _queue.Dequeue();
                }

                item.Run(this);
            }
        }
        finally
        {
            if (!done)
            {
                // An item threw (a bug in the network itself, handlers are guarded): keep the network running.
                lock (Sync)
                {
                    _pumping = false;
                    if (!_disposed && _queue.TryPeek(out _, out (long Due, long Sequence) key))
                    {
                        ArmLocked(key.Due, NowTicks);
                    }
                }
            }
        }
    }

    /// <summary>Stops the timer and drops everything in flight.</summary>
    public void Dispose()
    {
        lock (Sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            while (_queue.TryDequeue(out ScheduledItem? item, out _))
            {
                item.Discard();
            }
        }

        _timer.Dispose();
    }
}
