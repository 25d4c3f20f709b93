using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Jingle.Net.Base.Threading;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// Sending. A datagram sent from any thread but the delivery thread goes out at once with one sendto(2). On the
/// delivery thread, with <see cref="UdpSocketOptions.SendBatching"/> on Linux, it is queued in a
/// <see cref="UdpSendBatch"/> instead, and the thread flushes the batch when its current work item ends
/// (<see cref="RtcThread.RegisterEndOfWorkFlush"/>): a receive work item that handles 64 datagrams thus sends the
/// SACKs and new DATA they trigger together. A flush is one sendmsg(2) carrying a UDP_SEGMENT control message (UDP
/// GSO: the kernel cuts the super-datagram into the original datagrams, on loopback only at the receiving socket,
/// which with UDP_GRO keeps it whole, see UdpPacketSocket.Batch.cs), or one sendmmsg(2) where GSO is off or refused,
/// or a plain sendto for a batch of one. A datagram that does not fit the queued batch (another destination, longer
/// than the segment size, after a shorter one, batch full) sends the batch first, so the order to each destination
/// is kept. Counters stay per datagram; errors of a flushed batch are counted, never thrown.
/// </summary>
internal sealed partial class UdpPacketSocket : IRtcThreadFlush
{
    private UdpSendBatch? _sendBatch;
    private bool _flushRegistered;
    private bool _segmentationOffload;
    private bool _segmentationWorked;
    private bool _sendMultiple = true;
    private bool _sendBatchingEnded;

    /// <summary>True while sends on the delivery thread are queued and flushed together (for tests and benchmarks).</summary>
    internal bool IsBatchedSend => _sendBatch is not null && !_sendBatchingEnded;

    /// <summary>True while a flushed batch goes to the kernel as one UDP GSO send (for tests and benchmarks).</summary>
    internal bool IsSegmentationOffload => IsBatchedSend && _segmentationOffload;

    /// <summary>The OS socket, for tests that need to set an option the kernel then enforces (e.g. SO_NO_CHECK).</summary>
    internal Socket UnderlyingSocket => _socket;

    /// <summary>Decides at bind time whether sends on the delivery thread are batched, and how.</summary>
    private void InitializeSendBatching()
    {
        if (!_options.SendBatching || _options.DeliveryThread is null || !OperatingSystem.IsLinux())
        {
            return;
        }

        _sendBatch = new UdpSendBatch();
        _batchHandle = _socket.SafeHandle;
        _segmentationOffload = _options.SegmentationOffload && SupportsSegmentationOffload(_socket);
        BaseLog.UdpSendBatching(_logger, LocalEndPoint, _segmentationOffload ? "UDP GSO" : "sendmmsg");
    }

    /// <summary>Linux 4.18+ knows the UDP_SEGMENT option: reading it is how to ask without sending anything.</summary>
    private static bool SupportsSegmentationOffload(Socket socket)
    {
        try
        {
            Span<byte> value = stackalloc byte[4];
            socket.GetRawSocketOption(LinuxUdpInterop.SolUdp, LinuxUdpInterop.UdpSegment, value);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sends one datagram, or on the delivery thread with batching on queues it and returns true: a failure when the
    /// batch is flushed at the end of the work item shows only in <see cref="Statistics"/>.
    /// </summary>
    public bool SendTo(ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (_disposed != 0)
        {
            Statistics.OnSendError();
            return false;
        }

        SocketAddress address = GetSendAddress(remote);
        if (_sendBatch is { } batch && !_sendBatchingEnded && _options.DeliveryThread!.IsCurrent)
        {
            return Enqueue(batch, packet, address, remote);
        }

        return SendNow(packet, address, remote);
    }

    private bool Enqueue(UdpSendBatch batch, ReadOnlySpan<byte> packet, SocketAddress address, IPEndPoint remote)
    {
        if (!batch.TryAppend(packet, address, remote))
        {
            SendBatch(batch);
            if (_sendBatchingEnded || !batch.TryAppend(packet, address, remote))
            {
                return SendNow(packet, address, remote); // empty or too long to batch: on its own, after the batch
            }
        }

        if (!_flushRegistered)
        {
            _flushRegistered = true;
            _options.DeliveryThread!.RegisterEndOfWorkFlush(this);
        }

        return true;
    }

    /// <summary>The delivery thread's work item ended: send what it queued.</summary>
    void IRtcThreadFlush.Flush()
    {
        _flushRegistered = false;
        if (_sendBatch is { } batch)
        {
            SendBatch(batch);
        }
    }

    /// <summary>Sends what is queued, if anything, and empties the batch.</summary>
    private void SendBatch(UdpSendBatch batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            if (_disposed != 0)
            {
                Statistics.OnSendErrors(batch.Count);
            }
            else if (batch.Count == 1)
            {
                SendNow(batch.Get(0), batch.Destination!, batch.Remote!);
            }
            else if (!_segmentationOffload || !SendSegmented(batch))
            {
                SendMultiple(batch);
            }
        }
        finally
        {
            batch.Clear();
        }
    }

    /// <summary>One sendto(2), through .NET: waits for room in the send buffer as before batching existed.</summary>
    private bool SendNow(ReadOnlySpan<byte> packet, SocketAddress address, IPEndPoint remote)
    {
        try
        {
            int sent = _socket.SendTo(packet, SocketFlags.None, address);
            Statistics.OnSent(sent);
            return true;
        }
        catch (SocketException e)
        {
            Statistics.OnSendError();
            BaseLog.UdpSendError(_logger, LocalEndPoint, remote, e.SocketErrorCode.ToString());
            return false;
        }
        catch (ObjectDisposedException)
        {
            Statistics.OnSendError();
            return false;
        }
    }

    /// <summary>
    /// The whole batch as one UDP GSO send. Returns false when the batch must go by sendmmsg instead: the kernel
    /// refused GSO (at the first use, or for any reason but EINVAL later: then GSO is off for good, logged once), or
    /// refused it for this batch only (EMSGSIZE, or EINVAL after GSO has worked: e.g. a segment larger than the
    /// route's MTU allows; newer kernels say EMSGSIZE for that, older ones EINVAL).
    /// </summary>
    private unsafe bool SendSegmented(UdpSendBatch batch)
    {
        SocketAddress destination = batch.Destination!;
        int controlSpace = LinuxUdpInterop.CMsgSpace(sizeof(ushort));
        ulong* control = stackalloc ulong[4]; // 32 bytes, size_t-aligned: room for CMSG_SPACE(2) (24 or 16 bytes)
        new Span<byte>(control, 32).Clear();
        var cmsg = (LinuxUdpInterop.CMsgHdr*)control;
        cmsg->Length = (nuint)LinuxUdpInterop.CMsgLen(sizeof(ushort));
        cmsg->Level = LinuxUdpInterop.SolUdp;
        cmsg->Type = LinuxUdpInterop.UdpSegment;
        *(ushort*)((byte*)control + LinuxUdpInterop.CMsgAlign(sizeof(LinuxUdpInterop.CMsgHdr))) = (ushort)batch.SegmentSize;

        nint result;
        int errno;
        fixed (byte* data = batch.Buffer)
        fixed (byte* name = destination.Buffer.Span)
        {
            var iov = new LinuxUdpInterop.IoVec { Base = data, Length = (nuint)batch.Length };
            var header = new LinuxUdpInterop.MsgHdr
            {
                Name = name,
                NameLength = (uint)destination.Size,
                Iov = &iov,
                IovLength = 1,
                Control = control,
                ControlLength = (nuint)controlSpace,
            };
            try
            {
                result = LinuxUdpInterop.SendMsg(_batchHandle!, &header, LinuxUdpInterop.MsgDontWait);
                errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            catch (ObjectDisposedException)
            {
                Statistics.OnSendErrors(batch.Count);
                return true;
            }
        }

        if (result >= 0)
        {
            _segmentationWorked = true;
            Statistics.OnBatchSent(batch.Count, batch.Length, segmented: true);
            return true;
        }

        switch (errno)
        {
            case LinuxUdpInterop.EAgain or LinuxUdpInterop.EIntr or LinuxUdpInterop.ENoBufs:
                SendEachNow(batch, 0); // the send buffer is full: wait for room one datagram at a time, as sendto does
                return true;
            case LinuxUdpInterop.EMsgSize:
                return false;
            case LinuxUdpInterop.EInval when _segmentationWorked:
                return false;
            case LinuxUdpInterop.EInval or LinuxUdpInterop.EIO or LinuxUdpInterop.ENoProtoOpt or LinuxUdpInterop.EOpNotSupp:
                _segmentationOffload = false;
                BaseLog.UdpSegmentationRefused(_logger, LocalEndPoint, ErrnoName(errno));
                return false;
            default:
                Statistics.OnSendErrors(batch.Count);
                BaseLog.UdpSendBatchError(_logger, LocalEndPoint, batch.Count, batch.Remote!, ErrnoName(errno));
                return true;
        }
    }

    /// <summary>
    /// The batch with sendmmsg(2): one message per datagram, all to the batch's destination. A message the kernel
    /// refuses is counted and skipped; where sendmmsg is missing, batching ends for good and the rest go one by one.
    /// </summary>
    private unsafe void SendMultiple(UdpSendBatch batch)
    {
        int count = batch.Count;
        if (!_sendMultiple)
        {
            SendEachNow(batch, 0);
            return;
        }

        SocketAddress destination = batch.Destination!;
        LinuxUdpInterop.MMsgHdr* messages = stackalloc LinuxUdpInterop.MMsgHdr[count];
        LinuxUdpInterop.IoVec* iovs = stackalloc LinuxUdpInterop.IoVec[count];
        int sent = 0;
        fixed (byte* data = batch.Buffer)
        fixed (byte* name = destination.Buffer.Span)
        {
            for (int i = 0; i < count; i++)
            {
                iovs[i].Base = data + ((nint)i * batch.SegmentSize);
                iovs[i].Length = (nuint)batch.LengthOf(i);
                messages[i] = default;
                messages[i].Header.Name = name;
                messages[i].Header.NameLength = (uint)destination.Size;
                messages[i].Header.Iov = iovs + i;
                messages[i].Header.IovLength = 1;
            }

            while (sent < count)
            {
                int result;
                int errno;
                try
                {
                    result = LinuxUdpInterop.SendMMsg(_batchHandle!, messages + sent, (uint)(count - sent), LinuxUdpInterop.MsgDontWait);
                    errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
                }
                catch (ObjectDisposedException)
                {
                    Statistics.OnSendErrors(count - sent);
                    return;
                }

                if (result > 0)
                {
                    int bytes = 0;
                    for (int i = sent; i < sent + result; i++)
                    {
                        bytes += batch.LengthOf(i);
                    }

                    if (result == 1)
                    {
                        Statistics.OnSent(bytes);
                    }
                    else
                    {
                        Statistics.OnBatchSent(result, bytes, segmented: false);
                    }

                    sent += result;
                    continue;
                }

                switch (errno)
                {
                    case LinuxUdpInterop.EAgain or LinuxUdpInterop.EIntr or LinuxUdpInterop.ENoBufs:
                        break;
                    case LinuxUdpInterop.ENoSys or LinuxUdpInterop.EOpNotSupp:
                        _sendMultiple = false;
                        break;
                    default:
                        // The first message left failed: count it, skip it, go on with the others.
                        Statistics.OnSendError();
                        BaseLog.UdpSendBatchError(_logger, LocalEndPoint, 1, batch.Remote!, ErrnoName(errno));
                        sent++;
                        continue;
                }

                break;
            }
        }

        if (sent < count)
        {
            SendEachNow(batch, sent);
        }

        if (!_sendMultiple && !_segmentationOffload)
        {
            _sendBatchingEnded = true; // nothing left to batch with: plain sendto from now on
        }
    }

    private void SendEachNow(UdpSendBatch batch, int first)
    {
        for (int i = first; i < batch.Count; i++)
        {
            SendNow(batch.Get(i), batch.Destination!, batch.Remote!);
        }
    }

    /// <summary>Sends what the delivery thread has queued before the socket closes (called on that thread only).</summary>
    private void FlushBeforeClose()
    {
        if (_sendBatch is { Count: > 0 } batch && _options.DeliveryThread!.IsCurrent)
        {
            SendBatch(batch);
        }
    }

    private static string ErrnoName(int errno) => errno switch
    {
        LinuxUdpInterop.EIO => "EIO",
        LinuxUdpInterop.EInval => "EINVAL",
        LinuxUdpInterop.EMsgSize => "EMSGSIZE",
        LinuxUdpInterop.ENoProtoOpt => "ENOPROTOOPT",
        LinuxUdpInterop.EOpNotSupp => "EOPNOTSUPP",
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private SocketAddress GetSendAddress(IPEndPoint remote)
    {
        lock (_sendLock)
        {
            if (_sendAddresses.TryGetValue(remote, out SocketAddress? cached))
            {
                return cached;
            }

            if (_sendAddresses.Count >= 256)
            {
                _sendAddresses.Clear();
            }

            IPEndPoint target = remote;
            if (_socket.AddressFamily == AddressFamily.InterNetworkV6 && remote.AddressFamily == AddressFamily.InterNetwork)
            {
                target = new IPEndPoint(remote.Address.MapToIPv6(), remote.Port);
            }

            SocketAddress address = target.Serialize();
            _sendAddresses[new IPEndPoint(remote.Address, remote.Port)] = address;
            return address;
        }
    }
}
