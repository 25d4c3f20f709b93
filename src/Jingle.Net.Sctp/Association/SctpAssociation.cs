using Jingle.Net.Base;
using Jingle.Net.Sctp.Association;
using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;
using Jingle.Net.Sctp.Rx;
using Jingle.Net.Sctp.Tx;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Sctp;

/// <summary>
/// A sans-I/O SCTP association (RFC 9260 as used by WebRTC over DTLS, RFC 8261: one path). It owns no socket,
/// thread or timer: feed it received packets with <see cref="HandlePacket"/> and expired timers with
/// <see cref="HandleTimeout"/>, drain packets with <see cref="TryPollTransmit"/>, and arm one timer for
/// <see cref="NextTimeout"/>. Every call takes "now" (elapsed time on the caller's clock). Events go to the
/// <see cref="ISctpAssociationHandler"/> once the call has finished changing state. Not thread-safe: use it from one
/// thread (the worker).
/// </summary>
public sealed partial class SctpAssociation
{
    private readonly SctpOptions _options;
    private readonly ISctpAssociationHandler _handler;
    private readonly RandomSource _random;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly byte[] _cookieKey = new byte[32];
    private readonly List<DeferredEvent> _events = [];
    private readonly Queue<(uint Tag, SctpChunk Chunk)> _singlePackets = new();
    private readonly List<SctpChunk> _control = [];
    private int _maxDataPayload;
    private int _dataHeaderLength = DataChunk.HeaderLength;
    private bool _interleaving;
    private InterleavedReassemblyQueue _interleavedReassembly = null!;
    private readonly Internal.BufferPool _pool = new();
    private SendQueue _sendQueue = null!;
    private RtoEstimator _rto = null!;
    private RetransmissionQueue _rtx = null!;
    private DataTracker _tracker = null!;
    private ReassemblyQueue _reassembly = null!;
    private SctpAssociationState _state;
    private uint _localTag;
    private uint _peerTag;
    private uint _localInitialTsn;
    private uint _peerInitialTsn;
    private bool _peerSupportsPartialReliability;
    private bool _peerSupportsReconfig;
    private bool _zeroChecksum;
    private bool _anyPartiallyReliableSent;
    private bool _flushing;
    private bool _lastPacketHadData;
    private long _deferredBytes;
    private long _heldBytes;
    private uint _lastAdvertisedWindow;
    private long _packetsSent;
    private long _packetsReceived;
    private long _malformedDropped;
    private long _zeroChecksumDropped;
    private long _dataChunksSent;
    private long _dataChunksReceived;
    private long _dataChunksDroppedWindowFull;
    private long _messagesSent;
    private long _messagesReceived;
    private int _errorCount;

    /// <summary>Creates an association in the Closed state; call <see cref="Connect"/> on one side.</summary>
    public SctpAssociation(JingleEnvironment environment, SctpOptions options, ISctpAssociationHandler handler, string name = "sctp")
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        options.Validate();
        _options = options;
        _handler = handler;
        _random = environment.Random;
        _logger = environment.LoggerFactory.CreateLogger<SctpAssociation>();
        _name = name;
        _random.NextBytes(_cookieKey);
        _maxDataPayload = options.Mtu - SctpCommonHeader.Length - DataChunk.HeaderLength;
        ResetTransmissionState();
    }

    public SctpAssociationState State => _state;

    /// <summary>
    /// Called at the end of an API call (Send, Connect, Shutdown, Abort, ResetStreams) so a driver can drain
    /// <see cref="TryPollTransmit"/>; drivers poll after HandlePacket and HandleTimeout themselves.
    /// </summary>
    public Action? TransmitRequested { get; set; }

    /// <summary>Our verification tag (tests craft packets with it).</summary>
    internal uint LocalVerificationTag => _localTag;

    /// <summary>Bytes queued for sending and not yet sent, all streams.</summary>
    public long TotalBufferedAmount => _sendQueue.TotalBufferedAmount;

    /// <summary>The earliest time <see cref="HandleTimeout"/> must be called, or <see cref="TimeSpan.MaxValue"/>.</summary>
    public TimeSpan NextTimeout
    {
        get
        {
            TimeSpan t = _t1Deadline;
            t = Min(t, _t2Deadline);
            t = Min(t, _t3Deadline);
            t = Min(t, _tracker.DelayedAckDeadline);
            t = Min(t, _heartbeatDeadline);
            t = Min(t, _heartbeatAckDeadline);
            t = Min(t, _reconfigDeadline);
            return t;
        }
    }

    public SctpAssociationMetrics Metrics => new()
    {
        PacketsSent = _packetsSent,
        PacketsReceived = _packetsReceived,
        MalformedPacketsDropped = _malformedDropped,
        ZeroChecksumPacketsDropped = _zeroChecksumDropped,
        DataChunksSent = _dataChunksSent,
        DataChunksReceived = _dataChunksReceived,
        DuplicateTsnsReceived = _tracker.DuplicatesReceived,
        OutOfOrderTsnsReceived = _tracker.OutOfOrderReceived,
        DataChunksDroppedWindowFull = _dataChunksDroppedWindowFull,
        SacksWithGapsSent = _tracker.SacksWithGapsWritten,
        RetransmittedChunks = _rtx.RetransmittedChunks,
        FastRetransmits = _rtx.FastRetransmits,
        T3Expirations = _rtx.T3Expirations,
        MessagesSent = _messagesSent,
        MessagesReceived = _messagesReceived,
        Cwnd = _rtx.Cwnd,
        SmoothedRtt = _rto.Srtt,
        Rto = _rto.Rto,
        PeerReceiverWindow = _rtx.PeerReceiverWindow,
        ReceiveWindow = ReceiveWindowLimit,
        ReceiveWindowGrowths = _receiveWindowGrowths,
        UsesZeroChecksum = _zeroChecksum,
        PartialReliability = _peerSupportsPartialReliability,
        MessageInterleaving = _interleaving,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void ResetTransmissionState()
    {
        _sendQueue?.Clear();
        _rtx?.Clear();
        _reassembly?.Clear();
        _interleavedReassembly?.Clear();
        _sendQueue = new SendQueue(_pool) { BufferedAmountLow = OnStreamBufferedAmountLow };
        _rto = new RtoEstimator(_options.RtoInitial, _options.RtoMin, _options.RtoMax);
        _rtx = new RetransmissionQueue(_sendQueue, _rto, _options.Mtu, _options.InitialCwndMtus, _options.CongestionControl);
        _tracker = new DataTracker(_options.DelayedAckTimeout);
        _reassembly = new ReassemblyQueue(_pool) { MessageReady = OnMessageReady };
        _interleavedReassembly = new InterleavedReassemblyQueue(_pool) { MessageReady = OnMessageReady };
        ResetReconfigState();
        _t3Deadline = TimeSpan.MaxValue;
        _errorCount = 0;
        _heldBytes = 0;
        ResetReceiveWindow();
        _lastAdvertisedWindow = (uint)ReceiveWindowLimit;
    }

    /// <summary>Queues a message. Refuses (never blocks, never grows without bound) when the buffer is full.</summary>
    public SctpSendStatus Send(ushort streamId, uint ppid, ReadOnlySpan<byte> payload, in SctpSendOptions sendOptions, TimeSpan now)
    {
        if (_state is not (SctpAssociationState.Established or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed))
        {
            return SctpSendStatus.NotConnected;
        }

        if (payload.IsEmpty)
        {
            return SctpSendStatus.EmptyMessage;
        }

        if (payload.Length > _options.MaxMessageSize)
        {
            return SctpSendStatus.MessageTooLarge;
        }

        if (_sendQueue.TotalBufferedAmount + payload.Length > _options.MaxSendBufferSize)
        {
            return SctpSendStatus.BufferFull;
        }

        int maxRtx = sendOptions.MaxRetransmits ?? -1;
        TimeSpan expires = sendOptions.Lifetime is { } life ? now + life : TimeSpan.MaxValue;
        if (!_peerSupportsPartialReliability && _state == SctpAssociationState.Established)
        {
            maxRtx = -1;
            expires = TimeSpan.MaxValue;
        }

        if (maxRtx >= 0 || expires != TimeSpan.MaxValue)
        {
            _anyPartiallyReliableSent = true;
        }

        _sendQueue.Enqueue(streamId, ppid, sendOptions.Unordered, payload, maxRtx, expires);
        _messagesSent++;
        FlushEvents();
        TransmitRequested?.Invoke();
        return SctpSendStatus.Success;
    }

    /// <summary>The bytes queued on one stream and not yet sent.</summary>
    public long GetBufferedAmount(ushort streamId) => _sendQueue.FindStream(streamId)?.BufferedAmount ?? 0;

    public void SetBufferedAmountLowThreshold(ushort streamId, long threshold) =>
        _sendQueue.GetOrCreateStream(streamId).BufferedAmountLowThreshold = threshold;

    /// <summary>Processes one received packet. Malformed packets are dropped and counted, never thrown.</summary>
    public void HandlePacket(ReadOnlySpan<byte> packet, TimeSpan now)
    {
        _packetsReceived++;
        SctpPacketParseResult result = SctpPacketReader.TryCreate(packet, AcceptsZeroChecksum(packet), out SctpPacketReader reader);
        if (result != SctpPacketParseResult.Ok)
        {
            if (result == SctpPacketParseResult.BadChecksum && SctpCommonHeader.HasZeroChecksum(packet))
            {
                _zeroChecksumDropped++;
            }

            DropMalformed(result.ToString());
            FlushEvents();
            return;
        }

        SctpCommonHeader header = reader.Header;
        if (header.DestinationPort != _options.LocalPort || header.SourcePort != _options.RemotePort)
        {
            DropMalformed("port mismatch");
            FlushEvents();
            return;
        }

        bool hadData = false;
        bool immediate = false;
        bool first = true;
        while (reader.TryReadChunk(out SctpChunkView chunk))
        {
            if (first && !CheckVerificationTag(header.VerificationTag, chunk))
            {
                SctpLog.PacketDropped(_logger, _name, "verification tag");
                break;
            }

            first = false;
            if (!DispatchChunk(chunk, header, now, ref hadData, ref immediate))
            {
                break;
            }

            if (_state == SctpAssociationState.Closed && _localTag == 0)
            {
                break;
            }
        }

        if (hadData)
        {
            _tracker.OnDataPacketProcessed(now, immediate);
        }

        _lastPacketHadData = hadData;
        FlushEvents();
    }

    /// <summary>
    /// For a driver that handles a burst of received packets in one go: true when the packet just handled carried
    /// DATA and nothing needs sending before the end of the burst — no gap, duplicate, I bit or control chunk to
    /// answer, and fewer than <paramref name="maxDataPacketsPerSack"/> DATA packets wait for their SACK. The driver
    /// then polls <see cref="TryPollTransmit"/> once after the burst, so one SACK covers several packets (RFC 9260
    /// §6.2 asks for one per second packet; see <see cref="SctpOptions.MaxDataPacketsPerSack"/>). Only on a short path
    /// (<see cref="SctpOptions.SackCoalescingMaxRtt"/>).
    /// </summary>
    internal bool CanDeferTransmit(int maxDataPacketsPerSack) =>
        _lastPacketHadData && !_tracker.AckUrgent && _tracker.DataPacketsSinceAck < maxDataPacketsPerSack
        && _control.Count == 0 && _singlePackets.Count == 0 && SackCoalescingAllowed;

    /// <summary>
    /// RFC 9653 §5.2: an endpoint that announced Zero Checksum Acceptable (every INIT and INIT ACK we send when
    /// <see cref="SctpOptions.EnableZeroChecksum"/> is set) accepts packets with a checksum of zero as well as correct
    /// CRC-32c ones, whether or not the peer announced it. A packet that starts with an INIT chunk always needs a
    /// correct CRC-32c (§5.1: the sender cannot know yet). Without the option a zero checksum is just a wrong one.
    /// </summary>
    private bool AcceptsZeroChecksum(ReadOnlySpan<byte> packet) =>
        _options.EnableZeroChecksum && (packet.Length <= SctpCommonHeader.Length || packet[SctpCommonHeader.Length] != (byte)ChunkType.Init);

    private void DropMalformed(string reason)
    {
        _malformedDropped++;
        SctpLog.PacketDropped(_logger, _name, reason);
    }

    /// <summary>RFC 9260 §8.5: which tag each packet must carry.</summary>
    private bool CheckVerificationTag(uint tag, in SctpChunkView chunk)
    {
        switch (chunk.Type)
        {
            case ChunkType.Init:
                return tag == 0;
            case ChunkType.Abort:
            case ChunkType.ShutdownComplete:
                return (chunk.Flags & 1) != 0 ? tag == _peerTag && _peerTag != 0 : tag == _localTag && _localTag != 0;
            case ChunkType.CookieEcho:
                return true; // checked against the cookie's own tag
            case ChunkType.ShutdownAck:
                return tag == _localTag || (_localTag == 0);
            default:
                return tag == _localTag && _localTag != 0;
        }
    }

    /// <summary>Returns false to stop processing the rest of the packet.</summary>
    private bool DispatchChunk(in SctpChunkView chunk, in SctpCommonHeader header, TimeSpan now, ref bool hadData, ref bool immediate)
    {
        switch (chunk.Type)
        {
            case ChunkType.Data:
                hadData |= CanReceiveData;
                return OnDataReceived(chunk, now, ref immediate);
            case ChunkType.Sack:
                return OnSackReceived(chunk.Value, now);
            case ChunkType.Init:
                return OnInitReceived(chunk.Value, now);
            case ChunkType.InitAck:
                return OnInitAckReceived(chunk.Value, now);
            case ChunkType.CookieEcho:
                return OnCookieEchoReceived(chunk.Value, header.VerificationTag, now);
            case ChunkType.CookieAck:
                return OnCookieAckReceived(now);
            case ChunkType.Heartbeat:
                return OnHeartbeatReceived(chunk.Value);
            case ChunkType.HeartbeatAck:
                return OnHeartbeatAckReceived(chunk.Value, now);
            case ChunkType.Abort:
                return OnAbortReceived(chunk.Flags, chunk.Value);
            case ChunkType.Error:
                return OnErrorReceived(chunk.Value);
            case ChunkType.Shutdown:
                return OnShutdownReceived(chunk.Value, now);
            case ChunkType.ShutdownAck:
                return OnShutdownAckReceived(header.VerificationTag, now);
            case ChunkType.ShutdownComplete:
                return OnShutdownCompleteReceived();
            case ChunkType.ForwardTsn:
                return OnForwardTsnReceived(chunk.Value);
            case ChunkType.IData:
                hadData |= CanReceiveData;
                return OnIDataReceived(chunk, now, ref immediate);
            case ChunkType.IForwardTsn:
                return OnIForwardTsnReceived(chunk.Value);
            case ChunkType.ReConfig:
                return OnReConfigReceived(chunk.Value, now);
            default:
                return OnUnrecognizedChunk(chunk);
        }
    }

    /// <summary>RFC 9260 §3.2: the two high bits of an unknown type say whether to skip it and whether to report it.</summary>
    private bool OnUnrecognizedChunk(in SctpChunkView chunk)
    {
        int action = chunk.RawType >> 6;
        if ((action & 1) != 0 && _state != SctpAssociationState.Closed)
        {
            byte[] raw = new byte[ChunkCodec.HeaderLength + chunk.Value.Length];
            raw[0] = chunk.RawType;
            raw[1] = chunk.Flags;
            raw[2] = (byte)(raw.Length >> 8);
            raw[3] = (byte)raw.Length;
            chunk.Value.CopyTo(raw.AsSpan(ChunkCodec.HeaderLength));
            _control.Add(new ErrorChunk([new ErrorCause(ErrorCauseCode.UnrecognizedChunkType, raw)]));
        }

        return (action & 2) != 0;
    }

    private void OnMessageReady(ushort streamId, uint ppid, byte[] buffer, int length)
    {
        _messagesReceived++;
        _deferredBytes += length;
        _events.Add(new DeferredEvent(DeferredEventKind.Message, streamId, ppid, buffer, length, null));
    }

    private void OnStreamBufferedAmountLow(ushort streamId) =>
        _events.Add(new DeferredEvent(DeferredEventKind.BufferedAmountLow, streamId, 0, null, 0, null));

    private void Emit(DeferredEventKind kind, string? text = null, ushort[]? streams = null) =>
        _events.Add(new DeferredEvent(kind, 0, 0, null, 0, text, streams));

    /// <summary>Raises the queued events now that the public call has finished changing state.</summary>
    private void FlushEvents()
    {
        if (_flushing)
        {
            return;
        }

        _flushing = true;
        try
        {
            for (int i = 0; i < _events.Count; i++)
            {
                DeferredEvent e = _events[i];
                switch (e.Kind)
                {
                    case DeferredEventKind.Message:
                        _deferredBytes -= e.Length;
                        try
                        {
                            _handler.OnMessageReceived(e.StreamId, e.Ppid, e.Buffer.AsSpan(0, e.Length));
                        }
                        finally
                        {
                            _pool.Return(e.Buffer!);
                        }

                        break;
                    case DeferredEventKind.Connected:
                        _handler.OnConnected();
                        break;
                    case DeferredEventKind.Closed:
                        _handler.OnClosed();
                        break;
                    case DeferredEventKind.Aborted:
                        _handler.OnAborted(e.Text ?? "aborted");
                        break;
                    case DeferredEventKind.Restarted:
                        _handler.OnConnectionRestarted();
                        break;
                    case DeferredEventKind.IncomingStreamsReset:
                        _handler.OnIncomingStreamsReset(e.Streams);
                        break;
                    case DeferredEventKind.StreamsResetPerformed:
                        _handler.OnStreamsResetPerformed(e.Streams);
                        break;
                    case DeferredEventKind.BufferedAmountLow:
                        _handler.OnBufferedAmountLow(e.StreamId);
                        break;
                    case DeferredEventKind.Error:
                        _handler.OnError(e.Text ?? "error");
                        break;
                }
            }
        }
        finally
        {
            _events.Clear();
            _flushing = false;
        }
    }

    /// <summary>
    /// Receive buffer in use (RFC 9260 §6.2.1): fragments and out-of-order messages held for reassembly, messages
    /// waiting for their event, and messages delivered but not yet consumed (<see cref="HoldReceivedBytes"/>).
    /// </summary>
    private long ReceiveBufferUsed => _reassembly.QueuedBytes + _interleavedReassembly.QueuedBytes + _deferredBytes + _heldBytes;

    private uint AdvertisedReceiverWindow
    {
        get
        {
            // The buffer bounds everything held (behind holes, for the application); the auto-tuned window bounds
            // only what the peer may have in flight beyond what we acknowledged, so a hole does not stall a sender the
            // window was sized for.
            long free = Math.Min(_options.MaxReceiverWindow - ReceiveBufferUsed, ReceiveWindowLimit);
            return free > 0 ? (uint)free : 0;
        }
    }

    /// <summary>Bytes of delivered messages the application still holds (see <see cref="HoldReceivedBytes"/>).</summary>
    public long HeldReceivedBytes => _heldBytes;

    /// <summary>
    /// Counts <paramref name="bytes"/> of a delivered message that the application has queued but not consumed yet
    /// against the advertised receiver window (RFC 9260 §6.2.1: a_rwnd is the buffer space left after data received
    /// and not yet taken by the user). A handler that hands messages to another thread calls it from
    /// <see cref="ISctpAssociationHandler.OnMessageReceived"/> and <see cref="ReleaseReceivedBytes"/> once the message
    /// was consumed, so a slow consumer closes the window (the peer stops sending) instead of an unbounded queue growing.
    /// </summary>
    public void HoldReceivedBytes(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        _heldBytes += bytes;
    }

    /// <summary>
    /// The application consumed <paramref name="bytes"/> counted with <see cref="HoldReceivedBytes"/>. When this opens
    /// a window last advertised as less than half of <see cref="SctpOptions.MaxReceiverWindow"/> to at least half, a
    /// window-update SACK goes out at once (the peer may be waiting with a closed window).
    /// </summary>
    public void ReleaseReceivedBytes(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        _heldBytes = Math.Max(0, _heldBytes - bytes);
        long half = ReceiveWindowLimit / 2;
        if (_lastAdvertisedWindow < half && AdvertisedReceiverWindow >= half && CanReceiveData)
        {
            _tracker.RequestAck();
            TransmitRequested?.Invoke();
        }
    }

    private void TransitionTo(SctpAssociationState state)
    {
        if (state == _state)
        {
            return;
        }

        SctpLog.StateChanged(_logger, _name, _state, state);
        _state = state;
    }

    private enum DeferredEventKind
    {
        Message,
        Connected,
        Closed,
        Aborted,
        Restarted,
        IncomingStreamsReset,
        StreamsResetPerformed,
        BufferedAmountLow,
        Error,
    }

    private readonly record struct DeferredEvent(DeferredEventKind Kind, ushort StreamId, uint Ppid, byte[]? Buffer, int Length, string? Text, ushort[]? Streams = null);
}
