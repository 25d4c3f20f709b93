using Jingle.Net.Base;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Sctp.DataChannels;

/// <summary>
/// The data channels of one SCTP association (RFC 8831, DCEP RFC 8832). It is the association's
/// <see cref="ISctpAssociationHandler"/>: create the association with it, then <see cref="Attach"/>. Stream ids are
/// even for the DTLS client and odd for the DTLS server (RFC 8832 §6). Use it on the association's thread.
/// </summary>
public sealed class DataChannelManager : ISctpAssociationHandler
{
    private readonly Dictionary<ushort, DataChannel> _channels = [];
    private readonly Func<TimeSpan> _clock;
    private readonly ILogger _logger;
    private readonly bool _isDtlsClient;
    private readonly List<DataChannel> _pendingOpen = [];
    private SctpAssociation? _association;
    private bool _connected;

    /// <summary>
    /// Creates the manager. <paramref name="clock"/> supplies "now" for the association; it defaults to the
    /// environment's TimeProvider as <see cref="Transport.SctpTransport"/> reads it.
    /// </summary>
    public DataChannelManager(JingleEnvironment environment, bool isDtlsClient, Func<TimeSpan>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _isDtlsClient = isDtlsClient;
        _logger = environment.LoggerFactory.CreateLogger<DataChannelManager>();
        if (clock is null)
        {
            TimeProvider time = environment.TimeProvider;
            clock = () => Transport.SctpTransport.GetNow(time);
        }

        _clock = clock;
    }

    /// <summary>A channel opened by the peer (DCEP OPEN received).</summary>
    public event Action<DataChannel>? DataChannelReceived;

    /// <summary>The SCTP association is established.</summary>
    public event Action? Connected;

    /// <summary>The association closed or failed; every channel is closed.</summary>
    public event Action<string?>? Disconnected;

    /// <summary>Non-DC association events (restarts, ERROR chunks) for diagnostics.</summary>
    public event Action<string>? AssociationError;

    public SctpAssociation Association => _association ?? throw new InvalidOperationException("Attach an association first.");

    public IReadOnlyCollection<DataChannel> Channels => _channels.Values;

    public void Attach(SctpAssociation association)
    {
        ArgumentNullException.ThrowIfNull(association);
        _association = association;
    }

    /// <summary>RTCPeerConnection.createDataChannel: in-band (DCEP) or negotiated.</summary>
    public DataChannel CreateDataChannel(string label, DataChannelInit? init = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        init ??= new DataChannelInit();
        if (init.MaxRetransmits is not null && init.MaxPacketLifeTime is not null)
        {
            throw new ArgumentException("MaxRetransmits and MaxPacketLifeTime are exclusive.", nameof(init));
        }

        if (init.Negotiated && init.Id is null)
        {
            throw new ArgumentException("A negotiated channel needs an Id.", nameof(init));
        }

        ushort id = init.Id ?? AllocateId();
        if (_channels.ContainsKey(id))
        {
            throw new InvalidOperationException($"Stream id {id} is in use.");
        }

        var channel = new DataChannel(this, id, label, init, DataChannelState.Connecting) { Acknowledged = init.Negotiated };
        _channels.Add(id, channel);
        if (_connected)
        {
            Announce(channel);
        }
        else
        {
            _pendingOpen.Add(channel);
        }

        return channel;
    }

    private ushort AllocateId()
    {
        for (int id = _isDtlsClient ? 0 : 1; id < 65535; id += 2)
        {
            if (!_channels.ContainsKey((ushort)id))
            {
                return (ushort)id;
            }
        }

        throw new InvalidOperationException("No free stream id.");
    }

    private void Announce(DataChannel channel)
    {
        if (!channel.Negotiated)
        {
            DataChannelType type = channel.MaxRetransmits is not null ? DataChannelType.PartialReliableRexmit
                : channel.MaxPacketLifeTime is not null ? DataChannelType.PartialReliableTimed : DataChannelType.Reliable;
            if (!channel.Ordered)
            {
                type = (DataChannelType)((byte)type | 0x80);
            }

            uint reliability = (uint)(channel.MaxRetransmits ?? channel.MaxPacketLifeTime ?? 0);
            byte[] open = new DcepOpenMessage(type, channel.Priority, reliability, channel.Label, channel.Protocol).ToArray();
            Association.Send(channel.Id, DataChannelPpid.Dcep, open, default, _clock());
        }

        channel.SetState(DataChannelState.Open);
        SctpLog.DataChannelState(_logger, channel.Label, channel.Id, "open");
    }

    internal SctpSendStatus SendOnStream(ushort id, uint ppid, ReadOnlySpan<byte> payload, in SctpSendOptions options) =>
        Association.Send(id, ppid, payload, options, _clock());

    internal long GetBufferedAmount(ushort id) => _association?.GetBufferedAmount(id) ?? 0;

    internal void HoldReceivedBytes(long bytes) => _association?.HoldReceivedBytes(bytes);

    internal void ReleaseReceivedBytes(long bytes) => _association?.ReleaseReceivedBytes(bytes);

    internal void SetBufferedAmountLowThreshold(ushort id, long value) => _association?.SetBufferedAmountLowThreshold(id, value);

    internal void CloseChannel(DataChannel channel)
    {
        if (_association is null || _association.State != SctpAssociationState.Established || !_association.ResetStreams([channel.Id], _clock()))
        {
            Finish(channel);
        }
    }

    private void Finish(DataChannel channel)
    {
        _channels.Remove(channel.Id);
        _pendingOpen.Remove(channel);
        channel.SetState(DataChannelState.Closed);
        SctpLog.DataChannelState(_logger, channel.Label, channel.Id, "closed");
    }

    void ISctpAssociationHandler.OnConnected()
    {
        _connected = true;
        foreach (DataChannel channel in _pendingOpen.ToArray())
        {
            Announce(channel);
        }

        _pendingOpen.Clear();
        Connected?.Invoke();
    }

    void ISctpAssociationHandler.OnMessageReceived(ushort streamId, uint ppid, ReadOnlySpan<byte> payload)
    {
        if (ppid == DataChannelPpid.Dcep)
        {
            OnDcepMessage(streamId, payload);
            return;
        }

        if (!_channels.TryGetValue(streamId, out DataChannel? channel) || channel.State is not (DataChannelState.Open or DataChannelState.Closing))
        {
            return;
        }

        // Any message proves the peer processed our OPEN (RFC 8832 §6).
        channel.Acknowledged = true;
        switch (ppid)
        {
            case DataChannelPpid.String:
                channel.RaiseMessage(true, payload);
                break;
            case DataChannelPpid.Binary:
                channel.RaiseMessage(false, payload);
                break;
            case DataChannelPpid.StringEmpty:
                channel.RaiseMessage(true, []);
                break;
            case DataChannelPpid.BinaryEmpty:
                channel.RaiseMessage(false, []);
                break;
        }
    }

    private void OnDcepMessage(ushort streamId, ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 1 && payload[0] == DcepOpenMessage.AckType)
        {
            if (_channels.TryGetValue(streamId, out DataChannel? acked))
            {
                acked.Acknowledged = true;
            }

            return;
        }

        if (!DcepOpenMessage.TryParse(payload, out DcepOpenMessage? open))
        {
            SctpLog.DcepDropped(_logger, streamId, "malformed");
            return;
        }

        if (_channels.ContainsKey(streamId) || (streamId % 2 == 0) == _isDtlsClient)
        {
            SctpLog.DcepDropped(_logger, streamId, "stream id in use or of the wrong parity");
            return;
        }

        bool rexmit = ((byte)open!.ChannelType & 0x7F) == (byte)DataChannelType.PartialReliableRexmit;
        bool timed = ((byte)open.ChannelType & 0x7F) == (byte)DataChannelType.PartialReliableTimed;
        var init = new DataChannelInit
        {
            Ordered = open.Ordered,
            MaxRetransmits = rexmit ? (int)Math.Min(open.ReliabilityParameter, int.MaxValue) : null,
            MaxPacketLifeTime = timed ? (int)Math.Min(open.ReliabilityParameter, int.MaxValue) : null,
            Protocol = open.Protocol,
            Priority = open.Priority,
            Id = streamId,
        };
        var channel = new DataChannel(this, streamId, open.Label, init, DataChannelState.Connecting) { Acknowledged = true };
        _channels.Add(streamId, channel);
        Association.Send(streamId, DataChannelPpid.Dcep, [DcepOpenMessage.AckType], default, _clock());
        DataChannelReceived?.Invoke(channel);
        channel.SetState(DataChannelState.Open);
        SctpLog.DataChannelState(_logger, channel.Label, channel.Id, "open (remote)");
    }

    void ISctpAssociationHandler.OnIncomingStreamsReset(ReadOnlySpan<ushort> streamIds)
    {
        foreach (ushort id in streamIds)
        {
            if (!_channels.TryGetValue(id, out DataChannel? channel))
            {
                continue;
            }

            channel.IncomingResetDone = true;
            if (channel.State == DataChannelState.Open)
            {
                // The peer closed: close our side too (RFC 8831 §6.7).
                channel.SetState(DataChannelState.Closing);
                CloseChannel(channel);
            }
            else if (channel.OutgoingResetDone)
            {
                Finish(channel);
            }
        }
    }

    void ISctpAssociationHandler.OnStreamsResetPerformed(ReadOnlySpan<ushort> streamIds)
    {
        foreach (ushort id in streamIds)
        {
            if (_channels.TryGetValue(id, out DataChannel? channel))
            {
                channel.OutgoingResetDone = true;
                if (channel.IncomingResetDone)
                {
                    Finish(channel);
                }
            }
        }
    }

    void ISctpAssociationHandler.OnBufferedAmountLow(ushort streamId)
    {
        if (_channels.TryGetValue(streamId, out DataChannel? channel))
        {
            channel.RaiseBufferedAmountLow();
        }
    }

    void ISctpAssociationHandler.OnClosed() => CloseAll(null);

    void ISctpAssociationHandler.OnAborted(string reason) => CloseAll(reason);

    private void CloseAll(string? reason)
    {
        _connected = false;
        foreach (DataChannel channel in _channels.Values.ToArray())
        {
            if (reason is not null)
            {
                channel.RaiseError(reason);
            }

            Finish(channel);
        }

        Disconnected?.Invoke(reason);
    }

    void ISctpAssociationHandler.OnConnectionRestarted() => AssociationError?.Invoke("association restarted by the peer");

    void ISctpAssociationHandler.OnError(string message) => AssociationError?.Invoke(message);
}
