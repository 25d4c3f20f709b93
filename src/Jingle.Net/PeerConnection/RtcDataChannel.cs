using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Jingle.Net.Base.Threading;
using Jingle.Net.Jsep;
using Jingle.Net.Sctp;
using Jingle.Net.Sctp.DataChannels;

namespace Jingle.Net;

/// <summary>
/// W3C RTCDataChannel in .NET naming. <see cref="Send(string)"/> may be called from any thread: the message is
/// copied and handed to the SCTP association on the worker thread, in order. Events are raised on the signaling
/// thread. Messages the association cannot take yet (its send buffer is full) wait in this channel's queue and
/// count in <see cref="BufferedAmount"/>.
/// </summary>
public sealed partial class RtcDataChannel
{
    private readonly RtcThread _signaling;
    private readonly RtcThread _worker;
    private readonly ConcurrentQueue<OutgoingMessage> _outgoing = new();
    private DataChannel? _sctp;
    private long _queued;
    private long _sctpBuffered;
    private long _threshold;
    private int _flushScheduled;
    private volatile bool _aboveThreshold;
    private volatile DataChannelState _readyState = DataChannelState.Connecting;
    private long _messagesSent;
    private long _bytesSent;
    private long _messagesReceived;
    private long _bytesReceived;

    internal RtcDataChannel(RtcThread signaling, RtcThread worker, string label, DataChannelInit init, long maxMessageSize)
    {
        _signaling = signaling;
        _worker = worker;
        Label = label;
        Init = init;
        MaxMessageSize = maxMessageSize;
        Id = init.Id;
    }

    internal DataChannelInit Init { get; }

    internal long MaxMessageSize { get; set; }

    /// <summary>The label given at creation.</summary>
    public string Label { get; }

    /// <summary>The sub-protocol name.</summary>
    public string Protocol => Init.Protocol;

    /// <summary>Reliable ordered delivery when true (the default).</summary>
    public bool Ordered => Init.Ordered;

    /// <summary>Partial reliability by retransmissions, or null.</summary>
    public int? MaxRetransmits => Init.MaxRetransmits;

    /// <summary>Partial reliability by lifetime in milliseconds, or null.</summary>
    public int? MaxPacketLifeTime => Init.MaxPacketLifeTime;

    /// <summary>True when negotiated out of band (no DCEP).</summary>
    public bool Negotiated => Init.Negotiated;

    /// <summary>The SCTP stream id, once known (it depends on the DTLS role).</summary>
    public ushort? Id { get; private set; }

    /// <summary>connecting, open, closing, closed.</summary>
    public DataChannelState ReadyState => _readyState;

    /// <summary>
    /// Bytes given to Send and not yet handed to the network. It is exact when it matters (at
    /// <see cref="BufferedAmountLowThreshold"/>); between those points it may over-estimate.
    /// </summary>
    public long BufferedAmount => Interlocked.Read(ref _queued) + Interlocked.Read(ref _sctpBuffered);

    /// <summary>When <see cref="BufferedAmount"/> falls to or below this, <see cref="BufferedAmountLow"/> fires.</summary>
    public long BufferedAmountLowThreshold
    {
        get => Interlocked.Read(ref _threshold);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Interlocked.Exchange(ref _threshold, value);
            if (BufferedAmount > value)
            {
                _aboveThreshold = true;
            }

            _worker.Post(static c => c.ApplyThreshold(), this);
        }
    }

    /// <summary>The channel opened.</summary>
    public event EventHandler? Opened;

    /// <summary>A message arrived.</summary>
    public event EventHandler<DataChannelMessageEventArgs>? MessageReceived;

    /// <summary><see cref="BufferedAmount"/> fell to <see cref="BufferedAmountLowThreshold"/>.</summary>
    public event EventHandler? BufferedAmountLow;

    /// <summary>The channel is closing (its stream is being reset).</summary>
    public event EventHandler? Closing;

    /// <summary>The channel closed.</summary>
    public event EventHandler? Closed;

    /// <summary>An error on the channel (for example a message the association refused).</summary>
    public event EventHandler<string>? Error;

    internal long MessagesSent => Interlocked.Read(ref _messagesSent);

    internal long BytesSent => Interlocked.Read(ref _bytesSent);

    internal long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    internal long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Sends a text message (UTF-8).</summary>
    /// <exception cref="InvalidStateException">The channel is not open.</exception>
    /// <exception cref="ArgumentException">The message exceeds the peer's max-message-size.</exception>
    public void Send(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int length = Encoding.UTF8.GetByteCount(text);
        CheckSend(length);
        Enqueue(new OutgoingMessage(null, text, length));
    }

    /// <summary>Sends a binary message.</summary>
    /// <exception cref="InvalidStateException">The channel is not open.</exception>
    /// <exception cref="ArgumentException">The message exceeds the peer's max-message-size.</exception>
    public void Send(ReadOnlySpan<byte> data)
    {
        CheckSend(data.Length);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(data.Length, 1));
        data.CopyTo(buffer);
        Enqueue(new OutgoingMessage(buffer, null, data.Length));
    }

    /// <summary>Closes the channel (W3C close()): queued messages are sent first, then the stream is reset.</summary>
    public void Close()
    {
        if (_readyState is DataChannelState.Closing or DataChannelState.Closed)
        {
            return;
        }

        _readyState = DataChannelState.Closing;
        _worker.Post(static c => c.CloseOnWorker(), this);
    }

    /// <inheritdoc/>
    public override string ToString() => $"RtcDataChannel '{Label}' id={Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {ReadyState}";

    private void CheckSend(int length)
    {
        if (_readyState != DataChannelState.Open)
        {
            throw new InvalidStateException($"The data channel '{Label}' is {_readyState}, not open.");
        }

        if (length > MaxMessageSize)
        {
            throw new ArgumentException($"The message ({length} B) exceeds the peer's max-message-size ({MaxMessageSize} B).");
        }
    }

    private void Enqueue(OutgoingMessage message)
    {
        long total = Interlocked.Add(ref _queued, message.Length) + Interlocked.Read(ref _sctpBuffered);
        if (total > BufferedAmountLowThreshold)
        {
            _aboveThreshold = true;
        }

        _outgoing.Enqueue(message);
        if (_worker.IsCurrent)
        {
            Flush();
        }
        else if (Interlocked.CompareExchange(ref _flushScheduled, 1, 0) == 0)
        {
            _worker.Post(static c => c.Flush(), this);
        }
    }

    private readonly record struct OutgoingMessage(byte[]? Buffer, string? Text, int Length);
}
