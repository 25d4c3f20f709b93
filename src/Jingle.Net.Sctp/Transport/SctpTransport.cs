using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Transport;

namespace Jingle.Net.Sctp.Transport;

/// <summary>
/// The thin driver of an <see cref="SctpAssociation"/>: packets from an <see cref="IPacketTransport"/> (the
/// DtlsTransport in a PeerConnection) go in, packets to send go out through it, and the association's single timer
/// runs on the environment's <see cref="TimeProvider"/>. With an <see cref="RtcThread"/>, timer expiries are posted
/// to it; every other call must already be on the transport's thread. Owns no thread of its own.
/// </summary>
public sealed class SctpTransport : IDisposable
{
    private readonly IPacketTransport _transport;
    private readonly TimeProvider _time;
    private readonly RtcThread? _thread;
    private readonly ITimer _timer;
    private readonly byte[] _buffer;
    private TimeSpan _armed = TimeSpan.MaxValue;
    private readonly int _maxDataPacketsPerSack;
    private bool _pumping;
    private bool _flushPosted;
    private bool _disposed;

    /// <summary>
    /// Creates the association over <paramref name="transport"/>. <paramref name="handler"/> gets its events (a
    /// <see cref="DataChannels.DataChannelManager"/> for data channels; attach it to <see cref="Association"/>).
    /// </summary>
    public SctpTransport(JingleEnvironment environment, IPacketTransport transport, SctpOptions options, ISctpAssociationHandler handler,
        RtcThread? thread = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        _transport = transport;
        _time = environment.TimeProvider;
        _thread = thread;
        _buffer = new byte[options.Mtu];
        _maxDataPacketsPerSack = options.MaxDataPacketsPerSack;
        Association = new SctpAssociation(environment, options, handler, transport.TransportName) { TransmitRequested = Pump };
        _timer = _time.CreateTimer(static s => ((SctpTransport)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        transport.PacketReceived += OnPacketReceived;
        transport.WritableStateChanged += OnWritableStateChanged;
    }

    public SctpAssociation Association { get; }

    /// <summary>"Now" for the association: elapsed time on the environment's clock (the same origin everywhere).</summary>
    public TimeSpan Now => GetNow(_time);

    /// <summary>The clock used by every Jingle.Net SCTP driver: <see cref="TimeProvider.GetElapsedTime(long)"/> from 0.</summary>
    public static TimeSpan GetNow(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetElapsedTime(0);
    }

    /// <summary>Starts the association (DTLS client side, or both: collisions are handled).</summary>
    /// <summary>The path below changed (a new ICE candidate pair): see <see cref="SctpAssociation.OnPathChanged"/>. Call it on the transport's thread.</summary>
    public void OnPathChanged() => Association.OnPathChanged();

    public void Connect()
    {
        Association.Connect(Now);
        Pump();
    }

    private void OnPacketReceived(IPacketTransport transport, ReadOnlySpan<byte> packet, long timestamp)
    {
        if (_disposed)
        {
            return;
        }

        Association.HandlePacket(packet, Now);
        if (_maxDataPacketsPerSack > 2 && _thread is { IsCurrent: true } thread && Association.CanDeferTransmit(_maxDataPacketsPerSack))
        {
            // DATA whose SACK can wait: the socket hands over a burst of datagrams in one turn of the thread, so
            // transmit once after it (one SACK for up to MaxDataPacketsPerSack packets instead of one per two).
            if (!_flushPosted)
            {
                _flushPosted = true;
                if (!thread.Post(static s => s.FlushDeferred(), this))
                {
                    _flushPosted = false;
                    Pump();
                }
            }

            return;
        }

        Pump();
    }

    private void FlushDeferred()
    {
        _flushPosted = false;
        if (!_disposed)
        {
            Pump();
        }
    }

    private void OnWritableStateChanged(IPacketTransport transport) => Pump();

    private void OnTimer()
    {
        if (_thread is { IsCurrent: false } thread)
        {
            thread.Post(static s => ((SctpTransport)s).RunTimers(), this);
        }
        else
        {
            RunTimers();
        }
    }

    private void RunTimers()
    {
        if (_disposed)
        {
            return;
        }

        _armed = TimeSpan.MaxValue;
        TimeSpan now = Now;
        if (Association.NextTimeout <= now)
        {
            Association.HandleTimeout(now);
        }

        Pump();
    }

    /// <summary>Sends what the association has to send and re-arms the timer.</summary>
    private void Pump()
    {
        if (_pumping || _disposed)
        {
            return;
        }

        _pumping = true;
        try
        {
            TimeSpan now = Now;
            while (_transport.IsWritable && Association.TryPollTransmit(_buffer, now, out int length))
            {
                _transport.Send(_buffer.AsSpan(0, length));
            }

            // Re-arm only when the deadline moved earlier. T3-rtx and the delayed SACK move later with nearly every
            // packet; re-arming the OS timer each time cost a timer-queue update per packet. A timer left armed for an
            // earlier deadline fires once, finds nothing due (RunTimers checks) and re-arms for the real one.
            TimeSpan next = Association.NextTimeout;
            if (next < _armed)
            {
                _armed = next;
                TimeSpan due = next - now;
                _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
            }
        }
        finally
        {
            _pumping = false;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _transport.PacketReceived -= OnPacketReceived;
        _transport.WritableStateChanged -= OnWritableStateChanged;
        _timer.Dispose();
    }
}
