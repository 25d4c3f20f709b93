using System.Net;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// The datagrams a socket has queued on its delivery thread and not yet sent, laid end to end in one pinned buffer
/// in the shape one UDP GSO send needs: one destination, every datagram <see cref="SegmentSize"/> bytes except a
/// shorter last one, at most <see cref="LinuxUdpInterop.UdpMaxSegments"/> of them and
/// <see cref="LinuxUdpInterop.MaxUdpPayload"/> bytes in all. A datagram that does not fit that shape is refused
/// (<see cref="TryAppend"/> returns false): the caller sends what is queued and starts again. Touched only by the
/// socket's delivery thread; allocated once per socket.
/// </summary>
internal sealed class UdpSendBatch
{
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(LinuxUdpInterop.MaxUdpPayload, pinned: true);
    private readonly int[] _lengths = new int[LinuxUdpInterop.UdpMaxSegments];

    /// <summary>Datagrams queued.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes queued (all datagrams).</summary>
    public int Length { get; private set; }

    /// <summary>The first datagram's length: every other must be as long, except the last, which may be shorter.</summary>
    public int SegmentSize { get; private set; }

    /// <summary>Where the queued datagrams go (null when none is queued).</summary>
    public SocketAddress? Destination { get; private set; }

    /// <summary>The same destination as an endpoint, for logging.</summary>
    public IPEndPoint? Remote { get; private set; }

    /// <summary>The queued bytes, datagram after datagram (pinned: its address does not move).</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Queues <paramref name="packet"/> for <paramref name="destination"/> when it fits the batch's shape.</summary>
    public bool TryAppend(ReadOnlySpan<byte> packet, SocketAddress destination, IPEndPoint remote)
    {
        int length = packet.Length;
        if (length == 0)
        {
            return false; // a GSO segment cannot be empty; an empty datagram goes on its own
        }

        if (Count == 0)
        {
            if (length > LinuxUdpInterop.MaxUdpPayload)
            {
                return false;
            }

            SegmentSize = length;
            Destination = destination;
            Remote = remote;
        }
        else if (Count == LinuxUdpInterop.UdpMaxSegments
            || length > SegmentSize
            || _lengths[Count - 1] != SegmentSize
            || Length + length > LinuxUdpInterop.MaxUdpPayload
            || !(ReferenceEquals(destination, Destination) || destination.Equals(Destination)))
        {
            return false;
        }

        packet.CopyTo(_buffer.AsSpan(Length));
        _lengths[Count++] = length;
        Length += length;
        return true;
    }

    /// <summary>The length of queued datagram <paramref name="index"/>; it starts at <c>index * SegmentSize</c>.</summary>
    public int LengthOf(int index) => _lengths[index];

    /// <summary>Queued datagram <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Get(int index) => _buffer.AsSpan(index * SegmentSize, _lengths[index]);

    /// <summary>Forgets what is queued.</summary>
    public void Clear()
    {
        Count = 0;
        Length = 0;
        SegmentSize = 0;
        Destination = null;
        Remote = null;
    }
}
