using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The BouncyCastle <see cref="DatagramTransport"/> a <see cref="DtlsTransport"/> gives its DTLS thread: a bounded
/// queue of received DTLS datagrams (filled on the owner's thread) and a send path back to the owner.
/// <para>
/// Time: BouncyCastle 2.7.0 retransmits a handshake flight only when its own retransmission timer has expired, and
/// it measures that timer with the system clock (<c>DateTimeUtilities.CurrentUnixMs</c>), not an injectable one.
/// So the RFC 6347 §4.2.4.1 timer (initial value <see cref="DtlsTransportOptions.InitialRetransmitTimeout"/> given
/// to BouncyCastle, doubling up to its fixed 60 s) runs on the system clock, and this adapter honours the waits
/// BouncyCastle asks for on that clock. What we can move to the injected <see cref="TimeProvider"/> is: the
/// handshake timeout (<see cref="DtlsHandshakeTimeoutException"/>), and everything outside BouncyCastle.
/// After the handshake, receives block until a datagram arrives or the transport closes.
/// </para>
/// </summary>
internal sealed class DtlsDatagramAdapter : DatagramTransport, IDisposable
{
    private readonly object _lock = new();
    private readonly Queue<(byte[] Buffer, int Length)> _queue = new();
    private readonly Stack<byte[]> _free = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly IDtlsDatagramSink _sink;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly int _capacity;
    private readonly int _mtu;
    private readonly int _receiveLimit;
    private readonly long _handshakeTimeout;
    private long _handshakeDeadline;
    private bool _handshaking = true;
    private bool _handshakeTimerArmed;
    private bool _closed;
    private bool _waiting;
    private Thread? _protocolThread;

    public DtlsDatagramAdapter(TimeProvider time, IDtlsDatagramSink sink, DtlsTransportOptions options, ILogger logger, string name)
    {
        _logger = logger;
        _name = name;
        _time = time;
        _sink = sink;
        _capacity = options.ReceiveQueueCapacity;
        _mtu = options.Mtu;
        _receiveLimit = options.MaxReceiveDatagramSize;
        _handshakeTimeout = ToTimestamp(options.HandshakeTimeout);
        _timer = time.CreateTimer(static s => ((DtlsDatagramAdapter)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Handshake flights retransmitted so far.</summary>
    public int RetransmitCount { get; private set; }

    /// <summary>True once <see cref="Close"/> ran (by either side).</summary>
    public bool IsClosed
    {
        get { lock (_lock) { return _closed; } }
    }

    /// <summary>Binds the adapter to the thread BouncyCastle runs on and starts the handshake clock.</summary>
    public void BeginHandshake(Thread protocolThread)
    {
        lock (_lock)
        {
            _protocolThread = protocolThread;
            _handshakeDeadline = _time.GetTimestamp() + _handshakeTimeout;
        }
    }

    /// <summary>The handshake finished: from now on receives block without a timer.</summary>
    public void EndHandshake()
    {
        lock (_lock)
        {
            _handshaking = false;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Queues a received DTLS datagram (called on the owner's thread). Returns false when the queue is full or
    /// the adapter closed: the datagram is dropped.
    /// </summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        lock (_lock)
        {
            if (_closed || _queue.Count >= _capacity || datagram.Length > _receiveLimit)
            {
                return false;
            }

            // Buffers cycle through a free list owned by this adapter (filled on one thread, drained on another,
            // which ArrayPool's per-thread caches serve poorly): no allocation in steady state.
            byte[] buffer = _free.Count > 0 ? _free.Pop() : new byte[_receiveLimit];
            datagram.CopyTo(buffer);
            _queue.Enqueue((buffer, datagram.Length));
            if (_waiting)
            {
                Monitor.Pulse(_lock);
            }
        }

        return true;
    }

    /// <summary>Wakes a blocked receive so that it re-checks its conditions (e.g. the lower transport became writable).</summary>
    public void Wake()
    {
        lock (_lock)
        {
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Blocks the protocol thread until <paramref name="condition"/> holds or the adapter closes.</summary>
    public bool WaitUntil(Func<bool> condition)
    {
        lock (_lock)
        {
            while (!_closed && !condition())
            {
                Monitor.Wait(_lock);
            }

            return !_closed;
        }
    }

    public int GetReceiveLimit() => _receiveLimit;

    // Handshake flights are fragmented to the MTU; application records (SCTP packets of ~1200 B plus DTLS overhead)
    // may be as large as the peer accepts.
    public int GetSendLimit() => Volatile.Read(ref _handshaking) ? _mtu : _receiveLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        // BouncyCastle's own retransmission timer runs on the system clock (see the class remarks), so the wait it
        // asks for is honoured on that clock; the handshake timeout runs on the injected clock.
        long waitUntil = waitMillis > 0 && _handshaking
            ? TimeProvider.System.GetTimestamp() + (long)(waitMillis / 1000.0 * TimeProvider.System.TimestampFrequency)
            : long.MaxValue;
        lock (_lock)
        {
            while (true)
            {
                if (_closed)
                {
                    throw new DtlsTransportClosedException();
                }

                if (_queue.TryDequeue(out (byte[] Buffer, int Length) item))
                {
                    int length = Math.Min(item.Length, buffer.Length);
                    item.Buffer.AsSpan(0, length).CopyTo(buffer);
                    _free.Push(item.Buffer);
                    return length;
                }

                int realWaitMs = Timeout.Infinite;
                if (_handshaking)
                {
                    if (_time.GetTimestamp() >= _handshakeDeadline)
                    {
                        throw new DtlsHandshakeTimeoutException();
                    }

                    if (waitUntil != long.MaxValue)
                    {
                        TimeSpan left = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), waitUntil);
                        if (left <= TimeSpan.Zero)
                        {
                            RetransmitCount++; // BouncyCastle resends its current flight on this timeout
                            IceLog.DtlsRetransmit(_logger, _name, RetransmitCount, waitMillis);
                            return -1;
                        }

                        realWaitMs = (int)Math.Ceiling(left.TotalMilliseconds);
                    }

                    if (!_handshakeTimerArmed)
                    {
                        _handshakeTimerArmed = true;
                        _timer.Change(_time.GetElapsedTime(_time.GetTimestamp(), _handshakeDeadline), Timeout.InfiniteTimeSpan);
                    }
                }

                _waiting = true;
                Monitor.Wait(_lock, realWaitMs);
                _waiting = false;
            }
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        bool fromProtocolThread;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            fromProtocolThread = Thread.CurrentThread == _protocolThread;
        }

        _sink.SendDatagram(buffer, fromProtocolThread);
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Monitor.PulseAll(_lock);
        }
    }

    public void Dispose()
    {
        Close();
        _timer.Dispose();
        lock (_lock)
        {
            _queue.Clear();
            _free.Clear();
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            Monitor.PulseAll(_lock);
        }
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
