using System.Net;
using Jingle.Net.Stun;
using Jingle.Net.Stun.Turn;

namespace Jingle.Net.Ice.Ports;

/// <summary>
/// TurnPort: channels (RFC 8656 §12). Once the permission for a peer's address is confirmed, a channel number is bound
/// to the peer's transport address, and from the ChannelBind success on, data to that peer goes as ChannelData (4-byte
/// header) instead of a Send indication (36 bytes for IPv4). Bindings last 10 minutes and are refreshed after 9. A
/// failed ChannelBind (an error other than the auth challenge, or no answer) leaves that peer on indications.
/// </summary>
internal sealed partial class TurnPort
{
    private static readonly TimeSpan ChannelRefresh = TimeSpan.FromMinutes(9);
    private readonly Dictionary<IPEndPoint, TurnChannel> _channelsByPeer = [];
    private readonly Dictionary<ushort, TurnChannel> _channelsByNumber = [];
    private int _nextChannel = TurnChannelData.MinChannel;

    /// <summary>Channels currently bound (ChannelBind answered with success).</summary>
    public int BoundChannelCount { get; private set; }

    /// <summary>Datagrams sent as ChannelData.</summary>
    public long ChannelDataSent { get; private set; }

    /// <summary>Datagrams sent in Send indications.</summary>
    public long IndicationsSent { get; private set; }

    /// <summary>The channel bound to <paramref name="peer"/>, or null (none requested yet, not bound, or failed).</summary>
    private TurnChannel? BoundChannel(IPEndPoint peer)
    {
        if (_channelsByPeer.TryGetValue(peer, out TurnChannel? channel))
        {
            return channel.Bound ? channel : null;
        }

        if (_nextChannel > TurnChannelData.MaxChannel)
        {
            return null; // all 4096 numbers in use: indications from now on
        }

        channel = new TurnChannel((ushort)_nextChannel++, peer);
        _channelsByPeer[peer] = channel;
        _channelsByNumber[channel.Number] = channel;
        if (_permissions.TryGetValue(peer.Address, out bool granted) && granted)
        {
            SendChannelBind(channel);
        }

        return null;
    }

    private bool SendChannelData(TurnChannel channel, ReadOnlySpan<byte> packet)
    {
        if (!TurnChannelData.TryWrite(_sendBuffer, channel.Number, packet, padded: IsStream, out int written))
        {
            return false;
        }

        ChannelDataSent++;
        return SendToServer(_sendBuffer.AsSpan(0, written));
    }

    /// <summary>The permission for <paramref name="peer"/> is installed: bind the channels waiting for it.</summary>
    private void OnPermissionGranted(IPAddress peer)
    {
        foreach (TurnChannel channel in _channelsByPeer.Values)
        {
            if (!channel.Requested && !channel.Failed && channel.Peer.Address.Equals(peer))
            {
                SendChannelBind(channel);
            }
        }
    }

    private void SendChannelBind(TurnChannel channel)
    {
        if (IsDisposed)
        {
            return;
        }

        channel.Requested = true;
        var writer = Begin(StunMethod.ChannelBind, out byte[] tid);
        writer.AddUInt32(StunAttributeType.ChannelNumber, (uint)channel.Number << 16); // number + RFFU (RFC 8656 §18.1)
        writer.AddXorAddress(StunAttributeType.XorPeerAddress, channel.Peer);
        AddAuthentication(ref writer);
        Send(new PendingRequest(RequestKind.ChannelBind, tid, writer.Written.ToArray(), channel.Peer.Address) { Channel = channel });
    }

    private void OnChannelBound(TurnChannel channel)
    {
        if (!channel.Bound)
        {
            channel.Bound = true;
            BoundChannelCount++;
            IceLog.TurnChannelBound(_logger, this, channel.Number, channel.Peer);
        }

        channel.RefreshTimer?.Dispose();
        channel.RefreshTimer = _scheduler.Schedule(ChannelRefresh, () =>
        {
            channel.RefreshTimer = null;
            SendChannelBind(channel);
        });
    }

    private void OnChannelBindFailed(TurnChannel channel, int code)
    {
        if (channel.Bound)
        {
            channel.Bound = false;
            BoundChannelCount--;
        }

        channel.Failed = true;
        channel.RefreshTimer?.Dispose();
        channel.RefreshTimer = null;
        IceLog.TurnChannelBindFailed(_logger, this, channel.Number, channel.Peer, code);
    }

    /// <summary>A ChannelData message from the server: data from the peer bound to its number.</summary>
    private void OnChannelData(ReadOnlySpan<byte> packet, long timestamp)
    {
        if (TurnChannelData.TryParse(packet, out ushort number, out ReadOnlySpan<byte> data)
            && _channelsByNumber.TryGetValue(number, out TurnChannel? channel) && channel.Requested && Listener is { } listener)
        {
            listener.OnReadPacket(this, data, channel.Peer, timestamp);
            return;
        }

        PacketsDropped++;
    }

    private void DisposeChannels()
    {
        foreach (TurnChannel channel in _channelsByPeer.Values)
        {
            channel.RefreshTimer?.Dispose();
            channel.RefreshTimer = null;
        }
    }

    private sealed class TurnChannel(ushort number, IPEndPoint peer)
    {
        public ushort Number { get; } = number;
        public IPEndPoint Peer { get; } = peer;
        public bool Requested { get; set; }
        public bool Bound { get; set; }
        public bool Failed { get; set; }
        public IDisposable? RefreshTimer { get; set; }
    }
}
