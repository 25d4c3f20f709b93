using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The BouncyCastle <see cref="DatagramTransport"/> a <see cref="DtlsTransport"/> gives its DTLS thread: a bounded
/// queue of received DTLS datagrams (filled on the owner's thread) and a send path back to the owner.
/// <para>
/// Time: everything runs on the injected <see cref="TimeProvider"/>. The handshake timeout throws
/// <see cref="DtlsHandshakeTimeoutException"/> out of <see cref="Receive(Span{byte}, int)"/>; the RFC 6347 §4.2.4
/// retransmission timer is ours (<see cref="DtlsFlightRetransmitter"/>): during the handshake a receive never
/// reports a timeout to BouncyCastle (so its own system-clock timer never makes it retransmit), and when our
/// deadline passes the DTLS thread, woken by one timer on the injected clock, retransmits the flight itself.
/// After the handshake, receives block until a datagram arrives or the transport closes.
/// </para>
/// </summary>
internal sealed class DtlsDatagramAdapter : DatagramTransport, IDisposable
{
    private readonly object _lock = new();
    private readonly Queue<(byte[] Buffer, int Length, bool Synthetic)> _queue = new();
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
    private readonly DtlsFlightRetransmitter _retransmitter;
    private long _handshakeDeadline = long.MaxValue;
    private long _timerDue = long.MaxValue;
    private bool _timerFired;
    private bool _handshaking = true;
    private bool _closed;
    private bool _waiting;
    private Thread? _protocolThread;
    private (byte[] Buffer, int Length, bool Synthetic)? _heldChangeCipherSpec;
    private (byte[] Buffer, int Length, bool Synthetic)? _afterHeld;
    private bool _sentCertificateRequest;
    private bool _peerCertificateVerifyTaken;

    /// <summary>TLS handshake message types the CCS hold watches (RFC 5246 §7.4).</summary>
    private const byte CertificateRequest = 13;
    private const byte CertificateVerify = 15;

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
        _retransmitter = new DtlsFlightRetransmitter(options.InitialRetransmitTimeout, time.TimestampFrequency);
        _timer = time.CreateTimer(static s => ((DtlsDatagramAdapter)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Handshake flights retransmitted so far.</summary>
    public int RetransmitCount
    {
        get { lock (_lock) { return _retransmitter.RetransmitCount; } }
    }

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

    /// <summary>
    /// The handshake finished (BouncyCastle's Connect/Accept returned): the retransmission timer stops and receives
    /// block without a timer. Retransmitting our last flight when the peer retransmits its own stays BouncyCastle's.
    /// </summary>
    public void EndHandshake()
    {
        lock (_lock)
        {
            _handshaking = false;
            _retransmitter.Stop();
            DisarmTimer();
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
            _queue.Enqueue((buffer, datagram.Length, false));
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
        // waitMillis is BouncyCastle's own retransmission timer, read from the system clock: it is not honoured.
        // No receive ever times out, so BouncyCastle never retransmits by itself; our timer decides (class remarks).
        while (true)
        {
            DtlsRetransmission resend = default;
            lock (_lock)
            {
                while (resend.IsEmpty)
                {
                    if (_closed)
                    {
                        throw new DtlsTransportClosedException();
                    }

                    if (TryTakeNext(out (byte[] Buffer, int Length, bool Synthetic) item))
                    {
                        int length = Math.Min(item.Length, buffer.Length);
                        item.Buffer.AsSpan(0, length).CopyTo(buffer);
                        _free.Push(item.Buffer);
                        _retransmitter.OnDatagramReceived(buffer[..length], item.Synthetic);
                        return length;
                    }

                    if (!_handshaking)
                    {
                        WaitLocked();
                        continue;
                    }

                    long now = _time.GetTimestamp();
                    if (now >= _handshakeDeadline)
                    {
                        throw new DtlsHandshakeTimeoutException();
                    }

                    if (now >= _retransmitter.Deadline)
                    {
                        resend = Retransmit(now);
                        continue;
                    }

                    long due = Math.Min(_handshakeDeadline, _retransmitter.Deadline);
                    if (due != _timerDue || _timerFired)
                    {
                        _timerDue = due;
                        _timerFired = false;
                        _timer.Change(_time.GetElapsedTime(now, due), Timeout.InfiniteTimeSpan);
                    }

                    WaitLocked();
                }
            }

            // Our own flight again: sent outside the lock (the sink may call into the lower transport).
            foreach (byte[] datagram in resend.Datagrams!)
            {
                _sink.SendDatagram(datagram, fromProtocolThread: true);
            }
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        byte[]? stamped = null;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            if (Thread.CurrentThread == _protocolThread)
            {
                // Handshake flights, alerts, post-handshake retransmissions: epoch-0 records get our own sequence
                // numbers, and flights are recorded for the timer. Application data (the owner's thread) is untouched.
                stamped = buffer.ToArray();
                _retransmitter.OnDatagramSent(stamped, _time.GetTimestamp());
                _sentCertificateRequest |= _handshaking && DtlsFlightRecords.ContainsPlaintextHandshake(stamped, CertificateRequest);
            }
        }

        if (stamped is null)
        {
            _sink.SendDatagram(buffer, fromProtocolThread: false);
        }
        else
        {
            _sink.SendDatagram(stamped, fromProtocolThread: true);
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _retransmitter.Stop();
            DisarmTimer();
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

    /// <summary>
    /// The next datagram for BouncyCastle. During the handshake a datagram holding only a ChangeCipherSpec is held
    /// back until an encrypted handshake record (the Finished) follows it (then both go, in order): once BouncyCastle has read a
    /// ChangeCipherSpec it ignores epoch-0 handshake records, so if the peer's Finished were lost, the peer flight
    /// we replay to make it resend (see <see cref="DtlsFlightRetransmitter"/>) would no longer reach it. A peer that
    /// retransmits its final flight sends the ChangeCipherSpec again anyway.
    /// </summary>
    private bool TryTakeNext(out (byte[] Buffer, int Length, bool Synthetic) item)
    {
        while (true)
        {
            if (_afterHeld is { } after)
            {
                item = after;
                _afterHeld = null;
                return true;
            }

            if (!_queue.TryDequeue(out item))
            {
                return false;
            }

            if (!_handshaking)
            {
                return true;
            }

            ReadOnlySpan<byte> datagram = item.Buffer.AsSpan(0, item.Length);
            bool recordOk = DtlsFlightRecords.TryReadRecord(datagram, out byte type, out ushort epoch, out int recordLength);
            if (recordOk && type == DtlsFlightRecords.ChangeCipherSpec && epoch == 0 && recordLength == item.Length)
            {
                if (_heldChangeCipherSpec is { } previous)
                {
                    _free.Push(previous.Buffer);
                }

                _heldChangeCipherSpec = item;
                continue;
            }

            // Only the encrypted Finished releases it: application data the peer sends early (right after its
            // final flight) is discarded by BouncyCastle during the handshake and must not switch its read epoch.
            // And as a server that asked for the client's certificate, only once the client's CertificateVerify has
            // reached BouncyCastle: that epoch-0 message precedes the ChangeCipherSpec in the client's flight, and if
            // it was lost while the ChangeCipherSpec and Finished arrived, BouncyCastle, having read the
            // ChangeCipherSpec, would ignore its retransmission for good (the handshake stalled). The Finished that
            // comes too early is dropped; the client resends the whole flight.
            if (recordOk && epoch != 0 && type == DtlsFlightRecords.Handshake && _heldChangeCipherSpec is { } held)
            {
                if (_sentCertificateRequest && !_peerCertificateVerifyTaken)
                {
                    _free.Push(item.Buffer);
                    continue;
                }

                _heldChangeCipherSpec = null;
                _afterHeld = item;
                item = held;
            }

            if (recordOk && epoch == 0 && type == DtlsFlightRecords.Handshake
                && DtlsFlightRecords.ContainsPlaintextHandshake(datagram, CertificateVerify))
            {
                _peerCertificateVerifyTaken = true;
            }

            return true;
        }
    }

    /// <summary>Under the lock, on the DTLS thread: the deadline passed; returns our flight to send, or queues the peer's.</summary>
    private DtlsRetransmission Retransmit(long now)
    {
        TimeSpan expired = _retransmitter.CurrentTimeout;
        DtlsRetransmission resend = _retransmitter.OnTimerExpired(now);
        if (resend.IsEmpty)
        {
            return default;
        }

        IceLog.DtlsRetransmit(_logger, _name, _retransmitter.RetransmitCount, (long)expired.TotalMilliseconds);
        if (!resend.ReplayPeerFlight)
        {
            return resend;
        }

        // A flight with an encrypted record: BouncyCastle must resend it (re-encrypted with fresh sequence
        // numbers). It does when the peer's previous flight arrives complete again, so that is what it reads next.
        foreach (byte[] datagram in resend.Datagrams!)
        {
            if (_queue.Count < _capacity && datagram.Length <= _receiveLimit)
            {
                byte[] buffer = _free.Count > 0 ? _free.Pop() : new byte[_receiveLimit];
                datagram.CopyTo(buffer, 0);
                _queue.Enqueue((buffer, datagram.Length, true));
            }
        }

        return default;
    }

    private void WaitLocked()
    {
        _waiting = true;
        Monitor.Wait(_lock);
        _waiting = false;
    }

    private void DisarmTimer()
    {
        _timerDue = long.MaxValue;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            _timerFired = true;
            Monitor.PulseAll(_lock);
        }
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
