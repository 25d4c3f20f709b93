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

    public long PacketsSent => Interlocked.Read(ref _packetsSent);
    public long BytesSent => Interlocked.Read(ref _bytesSent);
    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);
    public long SendErrors => Interlocked.Read(ref _sendErrors);
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>Datagrams received but not delivered (truncated, handler gone, socket closing).</summary>
    public long PacketsDropped => Interlocked.Read(ref _packetsDropped);

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

    public void OnSendError() => Interlocked.Increment(ref _sendErrors);

    public void OnReceiveError() => Interlocked.Increment(ref _receiveErrors);

    public void OnDropped() => Interlocked.Increment(ref _packetsDropped);

    public override string ToString() =>
        $"sent {PacketsSent} pkts/{BytesSent} B, received {PacketsReceived} pkts/{BytesReceived} B, send errors {SendErrors}, receive errors {ReceiveErrors}, dropped {PacketsDropped}";
}
