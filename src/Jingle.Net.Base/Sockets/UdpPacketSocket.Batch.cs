using System.Net;
using System.Net.Sockets;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// Batched receive on Linux: one recvmmsg(2) takes up to <see cref="UdpSocketOptions.ReceiveBatchSize"/> queued
/// datagrams into a <see cref="UdpReceiveBatch"/>, then each is delivered as before (same handler, same order, same
/// source endpoint cache). Anywhere else, or when the kernel refuses the call (ENOSYS, EOPNOTSUPP), the loop falls
/// back to one ReceiveFrom per datagram for good.
/// <para>
/// With <see cref="UdpSocketOptions.ReceiveOffload"/> the socket also has UDP_GRO on: the kernel may then hand over a
/// run of equal-size datagrams from one source (a UDP GSO send over loopback stays one piece all the way) as one
/// message with a UDP_GRO control message giving the segment size; it is split here and each piece delivered on its
/// own, in order. Such a message can be read only with its control message, so with GRO on every datagram is taken
/// by recvmmsg: the loop waits for data with a zero-byte MSG_PEEK receive instead of a receive that takes one.
/// </para>
/// </summary>
internal sealed partial class UdpPacketSocket
{
    private const int ECONNREFUSED = 111;
    private const int EHOSTUNREACH = 113;
    private const int ENETUNREACH = 101;

    /// <summary>Slots per recvmmsg with GRO on: each may carry up to 64 datagrams, and 64 KiB of it is touched.</summary>
    private const int ReceiveOffloadBatchSize = 8;

    /// <summary>Slot size with GRO on: a coalesced message is at most 64 KiB.</summary>
    private const int ReceiveOffloadSlotSize = 65536;

    private UdpReceiveBatch? _batch;
    private SafeSocketHandle? _batchHandle;
    private volatile bool _receiveOffload;

    /// <summary>True while the socket has UDP_GRO on and splits coalesced datagrams (for tests and benchmarks).</summary>
    internal bool IsReceiveOffload => _receiveOffload;

    /// <summary>True while the receive loop takes datagrams with recvmmsg (for tests and benchmarks).</summary>
    internal bool IsBatchedReceive => _batch is not null;

    private UdpReceiveBatch? CreateBatch()
    {
        if (!OperatingSystem.IsLinux() || _options.ReceiveBatchSize <= 1)
        {
            return null;
        }

        _batchHandle = _socket.SafeHandle;
        if (_options.ReceiveOffload && SetReceiveOffload(true))
        {
            _receiveOffload = true;
            return new UdpReceiveBatch(Math.Min(_options.ReceiveBatchSize, ReceiveOffloadBatchSize),
                Math.Max(_options.MaxDatagramSize, ReceiveOffloadSlotSize), receiveOffload: true);
        }

        return new UdpReceiveBatch(_options.ReceiveBatchSize, _options.MaxDatagramSize);
    }

    /// <summary>Turns UDP_GRO on or off; false when the kernel refuses (before Linux 5.0), which is fine.</summary>
    private bool SetReceiveOffload(bool on)
    {
        try
        {
            Span<byte> value = stackalloc byte[4];
            BitConverter.TryWriteBytes(value, on ? 1 : 0);
            _socket.SetRawSocketOption(LinuxUdpInterop.SolUdp, LinuxUdpInterop.UdpGro, value);
            BaseLog.UdpReceiveOffload(_logger, LocalEndPoint, on ? "on" : "off");
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            BaseLog.UdpReceiveOffload(_logger, LocalEndPoint, "refused: " + e.Message);
            return false;
        }
    }

    private void DisposeBatch() => Interlocked.Exchange(ref _batch, null)?.Dispose();

    /// <summary>recvmmsg is gone for good: GRO needs it, so turn GRO off too (what it already coalesced is lost).</summary>
    private void EndBatchedReceive()
    {
        if (_receiveOffload)
        {
            SetReceiveOffload(false);
            _receiveOffload = false;
        }

        DisposeBatch();
    }

    /// <summary>
    /// Takes what is queued with one recvmmsg and delivers it. Returns 0 when nothing was queued (or batching was just
    /// turned off: check <see cref="_batch"/>), else how many messages were taken (1 after a counted error);
    /// <paramref name="datagrams"/> says how many datagrams they held (more with GRO). <paramref name="stop"/> is set
    /// when the loop must end.
    /// </summary>
    private int ReceiveBatch(SocketAddress address, out bool stop, out int datagrams)
    {
        stop = false;
        datagrams = 1;
        UdpReceiveBatch batch = _batch!;
        int count;
        int errno;
        try
        {
            count = batch.Receive(_batchHandle!, out errno);
        }
        catch (ObjectDisposedException)
        {
            stop = true;
            return 0;
        }

        if (count < 0)
        {
            switch (errno)
            {
                case LinuxUdpInterop.EAgain:
                    return 0;
                case LinuxUdpInterop.EIntr:
                    return 1;
                case LinuxUdpInterop.ENoSys or LinuxUdpInterop.EOpNotSupp:
                    EndBatchedReceive();
                    return 0;
                case ECONNREFUSED or EHOSTUNREACH or ENETUNREACH:
                    // An ICMP error for an earlier send, reported once: count it and keep receiving.
                    Statistics.OnReceiveError();
                    return 1;
                default:
                    stop = OnHardError("errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    return 1;
            }
        }

        datagrams = 0;
        for (int i = 0; i < count; i++)
        {
            if (_disposed != 0)
            {
                stop = true;
                return count;
            }

            datagrams++;
            if (batch.IsTruncated(i))
            {
                // Longer than the slot: the kernel cut it, so it is not delivered; count it as dropped.
                DropTooLong();
                continue;
            }

            batch.CopySource(i, address);
            ReadOnlySpan<byte> payload = batch.GetPayload(i);
            int segment = batch.GetSegmentSize(i);
            if (segment == 0 || segment >= payload.Length)
            {
                DeliverUpToMaxSize(payload, address);
                continue;
            }

            // Coalesced by GRO: segments of `segment` bytes, the last one possibly shorter; each is a datagram.
            int pieces = (payload.Length + segment - 1) / segment;
            Statistics.OnCoalescedReceive(pieces);
            datagrams += pieces - 1;
            for (int offset = 0; offset < payload.Length; offset += segment)
            {
                DeliverUpToMaxSize(payload.Slice(offset, Math.Min(segment, payload.Length - offset)), address);
            }
        }

        datagrams = Math.Max(datagrams, 1);
        return Math.Max(count, 1);
    }

    /// <summary>Delivers a datagram no longer than MaxDatagramSize; a longer one is counted as dropped.</summary>
    private void DeliverUpToMaxSize(ReadOnlySpan<byte> packet, SocketAddress address)
    {
        if (packet.Length > _options.MaxDatagramSize)
        {
            DropTooLong();
            return;
        }

        Deliver(packet, address);
    }

    private void DropTooLong()
    {
        Statistics.OnReceiveError();
        Statistics.OnDropped();
    }
}
