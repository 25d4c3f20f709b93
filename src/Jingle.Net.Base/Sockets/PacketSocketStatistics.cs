namespace Jingle.Net.Base.Sockets;

/// <summary>Thread-safe counters kept by every packet socket.</summary>
public sealed class PacketSocketStatistics
{
    private long _packetsSent;
    private long _bytesSent;
    private long _packetsReceived;
    private long _bytesReceived;
    private long _sendErrors;
    private long _receiveErrors;
    private long _packetsDropped;
    private long _sendBatches;
    private long _batchedPacketsSent;
    private long _segmentedSendBatches;
    private long _coalescedReceives;
    private long _coalescedPacketsReceived;

    public long PacketsSent => Interlocked.Read(ref _packetsSent);
    public long BytesSent => Interlocked.Read(ref _bytesSent);
    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);
    public long SendErrors => Interlocked.Read(ref _sendErrors);
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>Datagrams received but not delivered (truncated, handler gone, socket closing).</summary>
    public long PacketsDropped => Interlocked.Read(ref _packetsDropped);

    /// <summary>
    /// System calls that each sent more than one datagram (one UDP GSO send or one sendmmsg(2) call): real UDP
    /// sockets with <see cref="UdpSocketOptions.SendBatching"/>. <see cref="PacketsSent"/> still counts each datagram.
    /// </summary>
    public long SendBatches => Interlocked.Read(ref _sendBatches);

    /// <summary>Datagrams sent in the <see cref="SendBatches"/>; divided by it, the mean datagrams per batch.</summary>
    public long BatchedPacketsSent => Interlocked.Read(ref _batchedPacketsSent);

    /// <summary>Of the <see cref="SendBatches"/>, those that went to the kernel as one UDP GSO (UDP_SEGMENT) send.</summary>
    public long SegmentedSendBatches => Interlocked.Read(ref _segmentedSendBatches);

    /// <summary>
    /// Receives that returned several datagrams the kernel had coalesced (UDP GRO, <see cref="UdpSocketOptions.ReceiveOffload"/>),
    /// split here into <see cref="CoalescedPacketsReceived"/> datagrams, each delivered and counted on its own.
    /// </summary>
    public long CoalescedReceives => Interlocked.Read(ref _coalescedReceives);

    /// <summary>Datagrams split out of the <see cref="CoalescedReceives"/>.</summary>
    public long CoalescedPacketsReceived => Interlocked.Read(ref _coalescedPacketsReceived);

    public void OnSent(int bytes)
    {
        Interlocked.Increment(ref _packetsSent);
        Interlocked.Add(ref _bytesSent, bytes);
    }

    public void OnReceived(int bytes)
    {
        Interlocked.Increment(ref _packetsReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
    }

    /// <summary>Counts <paramref name="packets"/> datagrams of <paramref name="bytes"/> bytes in all, sent by one system call.</summary>
    internal void OnBatchSent(int packets, int bytes, bool segmented)
    {
        Interlocked.Add(ref _packetsSent, packets);
        Interlocked.Add(ref _bytesSent, bytes);
        Interlocked.Increment(ref _sendBatches);
        Interlocked.Add(ref _batchedPacketsSent, packets);
        if (segmented)
        {
            Interlocked.Increment(ref _segmentedSendBatches);
        }
    }

    internal void OnSendErrors(int packets) => Interlocked.Add(ref _sendErrors, packets);

    internal void OnCoalescedReceive(int packets)
    {
        Interlocked.Increment(ref _coalescedReceives);
        Interlocked.Add(ref _coalescedPacketsReceived, packets);
    }

    public void OnSendError() => Interlocked.Increment(ref _sendErrors);

    public void OnReceiveError() => Interlocked.Increment(ref _receiveErrors);

    public void OnDropped() => Interlocked.Increment(ref _packetsDropped);

    public override string ToString() =>
        $"sent {PacketsSent} pkts/{BytesSent} B, received {PacketsReceived} pkts/{BytesReceived} B, send errors {SendErrors}, receive errors {ReceiveErrors}, dropped {PacketsDropped}" +
        (SendBatches == 0 ? "" : $", send batches {SendBatches} ({BatchedPacketsSent} pkts, {SegmentedSendBatches} GSO)") +
        (CoalescedReceives == 0 ? "" : $", GRO receives {CoalescedReceives} ({CoalescedPacketsReceived} pkts)");
}
