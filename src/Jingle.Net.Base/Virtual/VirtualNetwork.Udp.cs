using System.Buffers;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Base.Virtual;

/// <summary>UDP: links (loss, bandwidth, delay, jitter, reordering, duplication), routing through NATs, delivery.</summary>
public sealed partial class VirtualNetwork
{
    private readonly Random _random;

    /// <summary>
    /// Payload buffers of datagrams in flight. The shared pool keeps only a few arrays per size, and a simulated link
    /// can hold thousands of datagrams at once; this pool keeps up to 4096 per size so bursts recycle instead of allocating.
    /// </summary>
    internal ArrayPool<byte> BufferPool { get; } = ArrayPool<byte>.Create(maxArrayLength: 65536, maxArraysPerBucket: 4096);

    /// <summary>Called by <see cref="VirtualUdpSocket.SendTo"/>: copies the payload and puts it on the sender's link.</summary>
    internal bool SendUdp(VirtualUdpSocket socket, ReadOnlySpan<byte> payload, IPEndPoint remote)
    {
        VirtualHost host = socket.Host;
        bool local = IsLocal(host, remote.Address);
        IPEndPoint source = socket.GetSourceEndPoint(local && IPAddress.IsLoopback(remote.Address));
        byte[] buffer = BufferPool.Rent(Math.Max(payload.Length, 1));
        payload.CopyTo(buffer);
        // A private copy of the destination: IPEndPoint is mutable and callers may reuse theirs.
        var datagram = new InFlightDatagram(host, buffer, payload.Length, source, new IPEndPoint(remote.Address, remote.Port));
        lock (Sync)
        {
            if (_disposed)
            {
                datagram.ReturnBuffer();
                return false;
            }

            long now = NowTicks;
            Statistics.OnSent();
            TraceLocked(VirtualPacketEventKind.Sent, now, source, datagram.Destination, payload.Length, null);
            if (MatchesDropFilterLocked(datagram))
            {
                DropLocked(datagram, VirtualDropReason.Filter, now);
            }
            else if (local)
            {
                // Loopback and the host's own address never touch the link.
                datagram.Receiver = host;
                datagram.OnReceiverLink = true;
                ScheduleLocked(datagram, now + 1, now);
            }
            else
            {
                TraverseLinkLocked(datagram, host, uplink: true, now, now);
            }
        }

        return true;
    }

    /// <summary>The pump calls this when a datagram leaves a link: route it (at the NATs), or hand it to its socket.</summary>
    internal void OnDatagramDue(InFlightDatagram datagram)
    {
        VirtualUdpSocket? socket;
        lock (Sync)
        {
            long now = NowTicks;
            long at = datagram.Due;
            if (!datagram.OnReceiverLink)
            {
                IPEndPoint source = datagram.Source;
                IPEndPoint destination = datagram.Destination;
                if (!TryRouteLocked(VirtualProtocol.Udp, datagram.Sender.Realm, ref source, ref destination, at,
                        out VirtualHost? receiver, out VirtualDropReason reason))
                {
                    DropLocked(datagram, reason, at);
                    return;
                }

                datagram.Source = source;
                datagram.Destination = destination;
                datagram.Receiver = receiver;
                datagram.OnReceiverLink = true;
                TraverseLinkLocked(datagram, receiver, uplink: false, at, now);
                return;
            }

            socket = datagram.Receiver!.FindUdpSocketLocked(datagram.Destination);
            if (socket is null)
            {
                DropLocked(datagram, VirtualDropReason.PortUnreachable, at);
                return;
            }

            if (!socket.IsReceiving)
            {
                DropLocked(datagram, VirtualDropReason.NotStarted, at);
                return;
            }

            Statistics.OnDelivered(datagram.Length);
            TraceLocked(VirtualPacketEventKind.Delivered, at, datagram.Source, datagram.Destination, datagram.Length, null);
        }

        socket.Deliver(datagram);
    }

    /// <summary>
    /// Walks a packet from <paramref name="from"/> out through routers (translating its source) until the destination
    /// address is known in the current realm, then in through routers (translating its destination, filtering) to a host.
    /// </summary>
    internal bool TryRouteLocked(VirtualProtocol protocol, Realm from, ref IPEndPoint source, ref IPEndPoint destination, long now,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VirtualHost? host, out VirtualDropReason reason)
    {
        host = null;
        Realm realm = from;
        object? node;
        while (!realm.Nodes.TryGetValue(destination.Address, out node))
        {
            VirtualRouter? outbound = realm.Router;
            if (outbound is null)
            {
                reason = VirtualDropReason.NoRoute;
                return false;
            }

            if (protocol == VirtualProtocol.Udp && outbound.Behavior.BlocksUdp)
            {
                reason = VirtualDropReason.UdpBlocked;
                return false;
            }

            if (outbound.Translates)
            {
                source = outbound.TranslateOutboundLocked(protocol, source, destination, now);
            }

            realm = outbound.ParentRealm;
        }

        while (node is VirtualRouter inbound)
        {
            if (inbound.Translates && !inbound.Behavior.Hairpinning && inbound.IsOnPathOutOf(from))
            {
                reason = VirtualDropReason.NoHairpin;
                return false;
            }

            if (protocol == VirtualProtocol.Udp && inbound.Behavior.BlocksUdp)
            {
                reason = VirtualDropReason.UdpBlocked;
                return false;
            }

            if (inbound.Translates)
            {
                if (!destination.Address.Equals(inbound.PublicAddress))
                {
                    reason = VirtualDropReason.NoRoute;
                    return false;
                }

                if (!inbound.TryTranslateInboundLocked(protocol, source, destination.Port, now, out IPEndPoint inside, out reason))
                {
                    return false;
                }

                destination = inside;
            }

            if (!inbound.Inside.Nodes.TryGetValue(destination.Address, out node))
            {
                reason = VirtualDropReason.NoRoute;
                return false;
            }
        }

        host = (VirtualHost)node;
        reason = default;
        return true;
    }

    /// <summary>Applies a link's impairments to a datagram entering it at <paramref name="start"/> and schedules its exit.</summary>
    private void TraverseLinkLocked(InFlightDatagram datagram, VirtualHost host, bool uplink, long start, long now)
    {
        LinkConditions link = host.Link;
        if (link.IsPerfect)
        {
            ScheduleOnLinkLocked(datagram, start, uplink, now);
            return;
        }

#pragma warning disable CA5394 // Deterministic by design: a simulation, not security.
        if (link.LossRate > 0 && _random.NextDouble() < link.LossRate)
        {
            DropLocked(datagram, VirtualDropReason.Loss, start);
            return;
        }

        long exit = start;
        if (link.BandwidthBitsPerSecond > 0)
        {
            long busyUntil = uplink ? host.UplinkBusyUntil : host.DownlinkBusyUntil;
            long begin = Math.Max(start, busyUntil);
            double queuedBytes = (begin - start) * (double)link.BandwidthBitsPerSecond / 8 / TimeSpan.TicksPerSecond;
            if (queuedBytes + datagram.Length > link.QueueLimitBytes)
            {
                DropLocked(datagram, VirtualDropReason.QueueFull, start);
                return;
            }

            long bits = (datagram.Length + (long)link.PacketOverheadBytes) * 8;
            long serialization = (long)Math.Ceiling(bits * (double)TimeSpan.TicksPerSecond / link.BandwidthBitsPerSecond);
            exit = begin + serialization;
            if (uplink)
            {
                host.UplinkBusyUntil = exit;
            }
            else
            {
                host.DownlinkBusyUntil = exit;
            }
        }

        long due = exit + link.Delay.Ticks;
        if (link.Jitter > TimeSpan.Zero)
        {
            due = Math.Max(exit, due + (long)(((_random.NextDouble() * 2) - 1) * link.Jitter.Ticks));
        }

        if (uplink && link.ReorderRate > 0 && _random.NextDouble() < link.ReorderRate)
        {
            due += link.ReorderDelay.Ticks;
            Statistics.OnReordered();
        }

        if (uplink && link.DuplicateRate > 0 && _random.NextDouble() < link.DuplicateRate)
        {
            Statistics.OnDuplicated();
            ScheduleOnLinkLocked(datagram.Clone(), due, uplink, now);
        }
#pragma warning restore CA5394

        ScheduleOnLinkLocked(datagram, due, uplink, now);
    }

    /// <summary>Uplink entries come from SendTo (at least a tick ahead); downlink entries continue in the pump.</summary>
    private void ScheduleOnLinkLocked(InFlightDatagram datagram, long due, bool uplink, long now)
    {
        if (uplink)
        {
            ScheduleLocked(datagram, due, now);
        }
        else
        {
            ContinueLocked(datagram, due, now);
        }
    }

    private static bool IsLocal(VirtualHost host, IPAddress address) => IPAddress.IsLoopback(address) || address.Equals(host.Address);

    private bool MatchesDropFilterLocked(InFlightDatagram datagram)
    {
        if (_dropNext.Count == 0 && _dropFilters.Count == 0)
        {
            return false;
        }

        var packet = new VirtualPacket(datagram.Source, datagram.Destination, datagram.Buffer.AsMemory(0, datagram.Length))
        {
            SenderName = datagram.Sender.Name,
        };
        for (int i = 0; i < _dropNext.Count; i++)
        {
            if (_dropNext[i](packet))
            {
                _dropNext.RemoveAt(i);
                return true;
            }
        }

        foreach (DropFilter filter in _dropFilters)
        {
            if (filter.Predicate(packet))
            {
                return true;
            }
        }

        return false;
    }

    private void DropLocked(InFlightDatagram datagram, VirtualDropReason reason, long now)
    {
        Statistics.OnDropped(reason);
        TraceLocked(VirtualPacketEventKind.Dropped, now, datagram.Source, datagram.Destination, datagram.Length, reason);
        datagram.ReturnBuffer();
    }

    private void TraceLocked(VirtualPacketEventKind kind, long now, IPEndPoint source, IPEndPoint destination, int length, VirtualDropReason? reason)
    {
        if (Logger.IsEnabled(LogLevel.Trace))
        {
            BaseLog.VirtualPacket(Logger, kind, source, destination, length, reason?.ToString() ?? "");
        }

        PacketTraced?.Invoke(this, new VirtualPacketTraceEventArgs(kind, TimeSpan.FromTicks(now), source, destination, length, reason));
    }
}
