using System.Net;
using System.Net.Sockets;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// Batched receive on Linux: one recvmmsg(2) takes up to <see cref="UdpSocketOptions.ReceiveBatchSize"/> queued
/// datagrams into a <see cref="UdpReceiveBatch"/>, then each is delivered as before (same handler, same order, same
/// source endpoint cache). Anywhere else, or when the kernel refuses the call (ENOSYS, EOPNOTSUPP), the loop falls
/// back to one ReceiveFrom per datagram for good.
/// </summary>
internal sealed partial class UdpPacketSocket
{
    private const int ECONNREFUSED = 111;
    private const int EHOSTUNREACH = 113;
    private const int ENETUNREACH = 101;

    private UdpReceiveBatch? _batch;
    private SafeSocketHandle? _batchHandle;

    /// <summary>True while the receive loop takes datagrams with recvmmsg (for tests and benchmarks).</summary>
    internal bool IsBatchedReceive => _batch is not null;

    private UdpReceiveBatch? CreateBatch()
    {
        if (!OperatingSystem.IsLinux() || _options.ReceiveBatchSize <= 1)
        {
            return null;
        }

        _batchHandle = _socket.SafeHandle;
        return new UdpReceiveBatch(_options.ReceiveBatchSize, _options.MaxDatagramSize);
    }

    private void DisposeBatch() => Interlocked.Exchange(ref _batch, null)?.Dispose();

    /// <summary>
    /// Takes what is queued with one recvmmsg and delivers it. Returns 0 when nothing was queued (or batching was just
    /// turned off: check <see cref="_batch"/>), else how many datagrams were taken (1 after a counted error).
    /// <paramref name="stop"/> is set when the loop must end.
    /// </summary>
    private int ReceiveBatch(SocketAddress address, out bool stop)
    {
        stop = false;
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
                    DisposeBatch();
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

        for (int i = 0; i < count; i++)
        {
            if (_disposed != 0)
            {
                stop = true;
                return count;
            }

            if (batch.IsTruncated(i))
            {
                // Longer than MaxDatagramSize: the kernel cut it, so it is not delivered; count it as dropped.
                Statistics.OnReceiveError();
                Statistics.OnDropped();
                continue;
            }

            batch.CopySource(i, address);
            Deliver(batch.GetPayload(i), address);
        }

        return Math.Max(count, 1);
    }
}
