namespace Jingle.Net.Base.Virtual;

/// <summary>
/// One side of a virtual TCP connection: writes are copied and arrive at the peer's read side one delay later, in
/// order; disposing sends FIN (the peer then reads 0 after the data).
/// </summary>
/// <remarks>
/// Segments are delivered by the network's scheduler (the queue and timer that deliver UDP), and a pending read
/// completes inline there: its continuation runs inside the timer callback (inside <c>FakeTimeProvider.Advance</c>
/// on a fake clock), never on a thread-pool thread, so code awaiting with <c>ConfigureAwait(false)</c> runs in the
/// network's deterministic order. A caller on a thread with a synchronization context (an RtcThread) resumes there.
/// </remarks>
internal sealed class VirtualTcpStream(VirtualNetwork network, long oneWayDelayTicks) : Stream
{
    private readonly Lock _lock = new();
    private readonly Queue<byte[]> _segments = new();
    private int _headOffset;
    private bool _finReceived;
    private bool _disposed;
    private TaskCompletionSource? _waiter;

    public VirtualTcpStream? Peer { get; set; }

    public long OneWayDelayTicks { get; } = oneWayDelayTicks;

    /// <summary>Due time of the last segment sent (segments never overtake each other). Guarded by the network lock.</summary>
    public long LastDue { get; set; }

    /// <summary>Called once when this side is disposed.</summary>
    public Action? Closed { get; set; }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (TryReadLocked(buffer, out int read))
                {
                    return read;
                }

                wait = WaitLocked();
            }

            wait.Wait();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (TryReadLocked(buffer.Span, out int read))
                {
                    return read;
                }

                wait = WaitLocked();
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!buffer.IsEmpty)
        {
            network.SendTcpSegment(this, buffer.ToArray());
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>A segment from the peer arrived (null = FIN).</summary>
    internal void OnSegment(byte[]? data)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (data is null)
            {
                _finReceived = true;
            }
            else
            {
                _segments.Enqueue(data);
            }

            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    protected override void Dispose(bool disposing)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            if (_disposed)
            {
                base.Dispose(disposing);
                return;
            }

            _disposed = true;
            _segments.Clear();
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
        network.SendTcpSegment(this, null);
        Closed?.Invoke();
        base.Dispose(disposing);
    }

    private bool TryReadLocked(Span<byte> destination, out int read)
    {
        read = 0;
        if (destination.IsEmpty)
        {
            return true;
        }

        while (_segments.Count > 0 && read < destination.Length)
        {
            byte[] head = _segments.Peek();
            int take = Math.Min(head.Length - _headOffset, destination.Length - read);
            head.AsSpan(_headOffset, take).CopyTo(destination[read..]);
            read += take;
            _headOffset += take;
            if (_headOffset == head.Length)
            {
                _segments.Dequeue();
                _headOffset = 0;
            }
        }

        return read > 0 || _finReceived || _disposed;
    }

    private Task WaitLocked()
    {
        _waiter ??= new TaskCompletionSource(); // continuations run inline, on the network's pump
        return _waiter.Task;
    }
}
