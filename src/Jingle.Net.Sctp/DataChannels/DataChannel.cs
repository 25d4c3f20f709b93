using System.Buffers;
using System.Text;

namespace Jingle.Net.Sctp.DataChannels;

/// <summary>
/// A WebRTC data channel (RFC 8831) on one SCTP stream: ordered or not, reliable or partially reliable, opened in band
/// with DCEP (RFC 8832) or negotiated out of band. Closing resets the stream in both directions (RFC 8831 §6.7).
/// Use it on the association's thread; events fire there.
/// </summary>
public sealed class DataChannel
{
    private readonly DataChannelManager _manager;
    private long _bufferedAmountLowThreshold;

    internal DataChannel(DataChannelManager manager, ushort id, string label, DataChannelInit init, DataChannelState state)
    {
        _manager = manager;
        Id = id;
        Label = label;
        Ordered = init.Ordered;
        MaxRetransmits = init.MaxRetransmits;
        MaxPacketLifeTime = init.MaxPacketLifeTime;
        Protocol = init.Protocol;
        Negotiated = init.Negotiated;
        Priority = init.Priority;
        State = state;
    }

    public ushort Id { get; }

    public string Label { get; }

    public string Protocol { get; }

    public bool Ordered { get; }

    public int? MaxRetransmits { get; }

    public int? MaxPacketLifeTime { get; }

    public bool Negotiated { get; }

    public ushort Priority { get; }

    public DataChannelState State { get; private set; }

    /// <summary>Bytes queued with Send and not yet handed to the network.</summary>
    public long BufferedAmount => _manager.GetBufferedAmount(Id);

    /// <summary>When <see cref="BufferedAmount"/> falls to this value, <see cref="BufferedAmountLow"/> fires.</summary>
    public long BufferedAmountLowThreshold
    {
        get => _bufferedAmountLowThreshold;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _bufferedAmountLowThreshold = value;
            _manager.SetBufferedAmountLowThreshold(Id, value);
        }
    }

    /// <summary>
    /// The application keeps <paramref name="bytes"/> of a received message queued (for another thread) instead of
    /// consuming it inside <see cref="MessageReceived"/>: they count against the association's advertised receiver
    /// window until <see cref="ReleaseReceivedBytes"/> (see <see cref="SctpAssociation.HoldReceivedBytes"/>). Call both
    /// on the association's thread.
    /// </summary>
    public void HoldReceivedBytes(long bytes) => _manager.HoldReceivedBytes(bytes);

    /// <summary>The application consumed <paramref name="bytes"/> counted with <see cref="HoldReceivedBytes"/>.</summary>
    public void ReleaseReceivedBytes(long bytes) => _manager.ReleaseReceivedBytes(bytes);

    /// <summary>True once the peer acknowledged the DCEP OPEN (or for negotiated/remote channels).</summary>
    internal bool Acknowledged { get; set; }

    internal bool OutgoingResetDone { get; set; }

    internal bool IncomingResetDone { get; set; }

    public event Action<DataChannel>? Opened;

    public event DataChannelMessageHandler? MessageReceived;

    public event Action<DataChannel>? BufferedAmountLow;

    public event Action<DataChannel>? Closing;

    public event Action<DataChannel>? Closed;

    public event Action<DataChannel, string>? Error;

    /// <summary>Sends a string message (PPID 51, or 56 when empty).</summary>
    public SctpSendStatus Send(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return SendRaw(DataChannelPpid.StringEmpty, [0]);
        }

        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            int n = Encoding.UTF8.GetBytes(text, buffer);
            return SendRaw(DataChannelPpid.String, buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends a binary message (PPID 53, or 57 when empty).</summary>
    public SctpSendStatus Send(ReadOnlySpan<byte> data) =>
        data.IsEmpty ? SendRaw(DataChannelPpid.BinaryEmpty, [0]) : SendRaw(DataChannelPpid.Binary, data);

    private SctpSendStatus SendRaw(uint ppid, ReadOnlySpan<byte> payload)
    {
        if (State != DataChannelState.Open)
        {
            return SctpSendStatus.NotConnected;
        }

        // RFC 8832 §6: until the DATA_CHANNEL_ACK arrives, send ordered so nothing overtakes the OPEN.
        var options = new SctpSendOptions
        {
            Unordered = !Ordered && Acknowledged,
            MaxRetransmits = MaxRetransmits,
            Lifetime = MaxPacketLifeTime is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        };
        return _manager.SendOnStream(Id, ppid, payload, options);
    }

    /// <summary>Closes the channel: resets the outgoing stream after queued data is sent; the peer resets its side.</summary>
    public void Close()
    {
        if (State is DataChannelState.Closing or DataChannelState.Closed)
        {
            return;
        }

        SetState(DataChannelState.Closing);
        _manager.CloseChannel(this);
    }

    internal void SetState(DataChannelState state)
    {
        if (State == state)
        {
            return;
        }

        State = state;
        switch (state)
        {
            case DataChannelState.Open:
                Opened?.Invoke(this);
                break;
            case DataChannelState.Closing:
                Closing?.Invoke(this);
                break;
            case DataChannelState.Closed:
                Closed?.Invoke(this);
                break;
        }
    }

    internal void RaiseMessage(bool isText, ReadOnlySpan<byte> data)
    {
        var message = new DataChannelMessage(isText, data);
        MessageReceived?.Invoke(this, message);
    }

    internal void RaiseBufferedAmountLow() => BufferedAmountLow?.Invoke(this);

    internal void RaiseError(string error) => Error?.Invoke(this, error);

    public override string ToString() => $"DataChannel '{Label}' id={Id} {State}";
}
