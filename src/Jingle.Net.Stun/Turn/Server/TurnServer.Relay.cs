using System.Buffers;
using System.Net;

namespace Jingle.Net.Stun.Turn.Server;

/// <summary>Data paths: Send indications and ChannelData to peers, peer datagrams back as Data indications or ChannelData.</summary>
public sealed partial class TurnServer
{
    private void RelaySendIndication(TurnClientLink link, StunMessageReader reader)
    {
        if (!reader.TryGetXorAddress(StunAttributeType.XorPeerAddress, out IPEndPoint? peer)
            || !reader.TryGetAttribute(StunAttributeType.Data, out ReadOnlySpan<byte> data))
        {
            Interlocked.Increment(ref Statistics._malformed);
            return;
        }

        TurnAllocation? allocation;
        lock (_lock)
        {
            if (!_allocations.TryGetValue(link, out allocation) || !allocation.HasPermission(peer!.Address, Now))
            {
                allocation = null;
            }
        }

        if (allocation is null)
        {
            Interlocked.Increment(ref Statistics._droppedNoPermission);
            return;
        }

        Interlocked.Increment(ref Statistics._relayedToPeers);
        allocation.Relay.SendTo(data, peer!);
    }

    private void RelayChannelDataToPeer(TurnClientLink link, ushort channel, ReadOnlySpan<byte> data)
    {
        TurnAllocation? allocation;
        IPEndPoint? peer = null;
        lock (_lock)
        {
            if (_allocations.TryGetValue(link, out allocation) && allocation.Channels.TryGetValue(channel, out var bound) && bound.Expires > Now)
            {
                peer = bound.Peer;
            }
        }

        if (peer is null)
        {
            Interlocked.Increment(ref Statistics._droppedNoPermission);
            return;
        }

        Interlocked.Increment(ref Statistics._relayedToPeers);
        allocation!.Relay.SendTo(data, peer);
    }

    private void RelayPeerToClient(TurnAllocation allocation, ReadOnlySpan<byte> data, IPEndPoint peer)
    {
        ushort channel;
        lock (_lock)
        {
            if (!allocation.HasPermission(peer.Address, Now))
            {
                Interlocked.Increment(ref Statistics._droppedNoPermission);
                return;
            }

            allocation.ChannelsByPeer.TryGetValue(peer, out channel);
        }

        int max = data.Length + 64;
        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            int length;
            if (channel != 0)
            {
                TurnChannelData.TryWrite(rented, channel, data, allocation.Client.IsStream, out length);
            }
            else
            {
                var writer = new StunMessageWriter(rented, new StunMessageType(StunMethod.Data, StunClass.Indication),
                    StunTransactionId.CreateRandom(_environment.Random));
                writer.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
                writer.AddBytes(StunAttributeType.Data, data);
                length = writer.Length;
            }

            Interlocked.Increment(ref Statistics._relayedToClients); // counted before the send so readers never race it
            allocation.Client.Send(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
