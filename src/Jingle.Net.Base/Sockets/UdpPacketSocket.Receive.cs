using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base.Threading;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// The receive loop. Without a delivery thread it is an async loop on the pool. With one, it is a small state machine
/// that runs on the RtcThread: receives that complete synchronously (data already queued) are handled in a tight
/// loop; when a receive goes pending, its completion posts one static callback back to the thread. Unlike
/// <c>await</c> on the thread's SynchronizationContext, that hop allocates nothing.
/// <para>
/// On Linux with <see cref="UdpSocketOptions.PollOnDeliveryThread"/>, the delivery thread watches the socket in its
/// own epoll set instead (<see cref="RtcThread.TryRegisterReadable"/>): when the socket is readable the thread takes
/// what is queued with recvmmsg(2), up to the delivery budget, and no .NET receive is ever pending.
/// </para>
/// <para>
/// On Linux, once a receive finds data already queued, the loop takes the rest in batches with recvmmsg(2)
/// (UdpPacketSocket.Batch.cs) until a batch comes back short; then it is back to one receive at a time, which is also
/// how it waits. Either way each datagram is delivered on its own, in order.
/// </para>
/// </summary>
internal sealed partial class UdpPacketSocket : IRtcIoHandler
{
    /// <summary>Datagrams handled in a row on the delivery thread before other queued work gets a turn.</summary>
    private const int DeliveryBudget = 64;

    private readonly TaskCompletionSource _loopDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private byte[]? _receiveBuffer;
    private SocketAddress? _receiveAddress;
    private CancellationToken _receiveToken;
    private ValueTask<int> _pendingReceive;
    private bool _pendingIsWait;
    private Action? _onReceiveCompleted;
    private long _pollId;
    private volatile bool _pollRequested;

    /// <summary>True while the delivery thread polls this socket itself (read it on that thread; for tests).</summary>
    internal bool IsPolledByDeliveryThread => _pollId != 0;

    public void Start(UdpPacketHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (Interlocked.CompareExchange(ref _handler, handler, null) is not null)
        {
            throw new InvalidOperationException("The socket has already been started.");
        }

        _batch = CreateBatch();
        if (_options.DeliveryThread is { } thread)
        {
            _receiveToken = _cts.Token;
            _receiveBuffer = ArrayPool<byte>.Shared.Rent(_options.MaxDatagramSize + 1);
            _receiveAddress = new SocketAddress(_socket.AddressFamily);
            _onReceiveCompleted = OnReceiveCompleted;
            _loop = _loopDone.Task;
            _pollRequested = _options.PollOnDeliveryThread && _batch is not null;
            if (!thread.Post(static s => s.StartOnThread(), this))
            {
                FinishThreadLoop();
                throw new ObjectDisposedException(thread.Name, "The delivery thread is stopping.");
            }
        }
        else
        {
            _loop = Task.Run(ReceiveLoopAsync);
        }
    }

    /// <summary>On the delivery thread: have it poll the socket, or else start the .NET receive loop.</summary>
    private void StartOnThread()
    {
        if (_pollRequested && _disposed == 0 && _batch is not null)
        {
            _pollId = _options.DeliveryThread!.TryRegisterReadable(_socket.SafeHandle, this);
            if (_pollId != 0)
            {
                BaseLog.UdpPolledByThread(_logger, LocalEndPoint, _options.DeliveryThread.Name);
                return;
            }
        }

        _pollRequested = false;
        ReceiveOnThread();
    }

    /// <summary>The delivery thread saw the socket readable: take what is queued, up to the delivery budget.</summary>
    void IRtcIoHandler.OnReadable()
    {
        for (int budget = DeliveryBudget; budget > 0;)
        {
            if (_disposed != 0 || _receiveToken.IsCancellationRequested)
            {
                StopPolling();
                return;
            }

            if (_batch is not { } batch)
            {
                // recvmmsg was refused for good (EndBatchedReceive): one .NET receive at a time from now on.
                _options.DeliveryThread!.UnregisterReadable(_pollId);
                _pollId = 0;
                ReceiveOnThread();
                return;
            }

            int batched = ReceiveBatch(_receiveAddress!, out bool stop, out int datagrams);
            if (stop)
            {
                StopPolling();
                return;
            }

            if (batched < batch.Capacity)
            {
                return; // drained (a short batch, or EAGAIN): level-triggered polling reports anything newer
            }

            budget -= datagrams;
        }
    }

    /// <summary>The delivery thread stopped with this socket registered.</summary>
    void IRtcIoHandler.OnPollerClosed()
    {
        _pollId = 0;
        FinishThreadLoop();
    }

    /// <summary>On the delivery thread: stop polling (idempotent) and end the receive loop.</summary>
    private void StopPolling()
    {
        if (_pollId != 0)
        {
            _options.DeliveryThread!.UnregisterReadable(_pollId);
            _pollId = 0;
        }

        FinishThreadLoop();
    }

    /// <summary>
    /// Dispose on any thread: a polled socket is unregistered on its delivery thread (at once when disposed there,
    /// else posted; closing the socket meanwhile takes it out of the epoll set anyway). When the thread is stopping,
    /// its poller ends the loop.
    /// </summary>
    private void StopPollingFromDispose()
    {
        if (!_pollRequested || _options.DeliveryThread is not { } thread)
        {
            return;
        }

        if (thread.IsCurrent)
        {
            StopPolling();
        }
        else
        {
            thread.Post(static s => s.StopPolling(), this);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(_options.MaxDatagramSize + 1);
        var address = new SocketAddress(_socket.AddressFamily);
        CancellationToken token = _cts.Token;
        bool preferBatch = false;
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (preferBatch && _batch is { } batch)
                {
                    int batched = ReceiveBatch(address, out bool stop, out _);
                    if (stop)
                    {
                        break;
                    }

                    preferBatch = batched >= batch.Capacity;
                    if (batched != 0)
                    {
                        continue;
                    }
                }

                ValueTask<int> pending;
                int received;
                bool waitOnly;
                try
                {
                    pending = Receive(buffer, address, token, out waitOnly);
                    preferBatch = pending.IsCompleted || waitOnly;
                    received = await pending.ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    if (ShouldStop(e))
                    {
                        break;
                    }

                    continue;
                }

                if (waitOnly)
                {
                    continue; // data is queued: the batch takes it
                }

                DeliverOrDropTruncated(buffer, received, address);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            DisposeBatch();
        }
    }

    /// <summary>
    /// One datagram into <paramref name="buffer"/>, offering one byte more than MaxDatagramSize: Linux reports no
    /// error for a cut datagram, so a full buffer is how a too-long one shows. With GRO on
    /// (<paramref name="waitOnly"/>), a zero-byte MSG_PEEK instead: it completes once a datagram is queued and leaves
    /// it there for recvmmsg, which alone can read a coalesced one whole with its segment size.
    /// </summary>
    private ValueTask<int> Receive(byte[] buffer, SocketAddress address, CancellationToken token, out bool waitOnly)
    {
        waitOnly = _receiveOffload;
        return waitOnly
            ? _socket.ReceiveFromAsync(Memory<byte>.Empty, SocketFlags.Peek, address, token)
            : _socket.ReceiveFromAsync(buffer.AsMemory(0, _options.MaxDatagramSize + 1), SocketFlags.None, address, token);
    }

    private void DeliverOrDropTruncated(byte[] buffer, int received, SocketAddress address)
    {
        if (received > _options.MaxDatagramSize)
        {
            DropTooLong();
            return;
        }

        Deliver(buffer.AsSpan(0, received), address);
    }

    /// <summary>
    /// Runs on the delivery thread: receive and deliver until a receive has to wait. A receive that finds data
    /// already queued suggests more is: the next call takes a recvmmsg batch. A batch that comes back short, or a
    /// receive that had to wait, goes back to one receive at a time, so a sparse flow costs no extra syscall.
    /// </summary>
    private void ReceiveOnThread()
    {
        bool preferBatch = false;
        for (int budget = DeliveryBudget; ;)
        {
            if (_disposed != 0 || _receiveToken.IsCancellationRequested)
            {
                FinishThreadLoop();
                return;
            }

            if (budget <= 0)
            {
                // Let other work on the thread run, then carry on (a static callback: no allocation).
                if (!_options.DeliveryThread!.Post(static s => s.ReceiveOnThread(), this))
                {
                    FinishThreadLoop();
                }

                return;
            }

            if (preferBatch && _batch is { } batch)
            {
                int batched = ReceiveBatch(_receiveAddress!, out bool stop, out int datagrams);
                if (stop)
                {
                    FinishThreadLoop();
                    return;
                }

                budget -= datagrams;
                preferBatch = batched >= batch.Capacity;
                if (batched != 0)
                {
                    continue;
                }
            }

            ValueTask<int> pending;
            try
            {
                pending = Receive(_receiveBuffer!, _receiveAddress!, _receiveToken, out _pendingIsWait);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (ShouldStop(e))
                {
                    FinishThreadLoop();
                    return;
                }

                budget--;
                continue;
            }

            if (!pending.IsCompleted)
            {
                _pendingReceive = pending;
                pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReceiveCompleted!);
                return;
            }

            if (!CompleteOnThread(pending))
            {
                FinishThreadLoop();
                return;
            }

            budget--;
            preferBatch = true;
        }
    }

    /// <summary>A pending receive completed (on a pool thread): hop back to the delivery thread.</summary>
    private void OnReceiveCompleted()
    {
        if (!_options.DeliveryThread!.Post(static s => s.ResumeOnThread(), this))
        {
            // The thread is stopping: consume the result so the socket's receive state is released, and stop.
            try
            {
                _pendingReceive.GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }

            Statistics.OnDropped();
            FinishThreadLoop();
        }
    }

    private void ResumeOnThread()
    {
        ValueTask<int> pending = _pendingReceive;
        _pendingReceive = default;
        if (!CompleteOnThread(pending))
        {
            FinishThreadLoop();
            return;
        }

        ReceiveOnThread();
    }

    /// <summary>Takes a completed receive's result and delivers it. Returns false when the loop must stop.</summary>
    private bool CompleteOnThread(ValueTask<int> completed)
    {
        int received;
        try
        {
            received = completed.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            return !ShouldStop(e);
        }

        if (!_pendingIsWait)
        {
            DeliverOrDropTruncated(_receiveBuffer!, received, _receiveAddress!);
        }

        return true;
    }

    private void FinishThreadLoop()
    {
        byte[]? buffer = Interlocked.Exchange(ref _receiveBuffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        DisposeBatch();
        _loopDone.TrySetResult();
    }

    /// <summary>Counts a receive failure; true when the loop must stop (cancelled, closed, or a hard error while closing).</summary>
    private bool ShouldStop(Exception e)
    {
        switch (e)
        {
            case OperationCanceledException or ObjectDisposedException:
                return true;
            case SocketException { SocketErrorCode: SocketError.MessageSize }:
                // A datagram longer than the buffer (Windows reports it; Linux cuts silently, see Receive).
                Statistics.OnReceiveError();
                Statistics.OnDropped();
                return false;
            case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionRefused }:
                // ICMP errors for an earlier send: count and keep receiving.
                Statistics.OnReceiveError();
                return false;
            case SocketException socketError:
                return OnHardError(socketError.SocketErrorCode.ToString());
            default:
                return true;
        }
    }

    /// <summary>
    /// Any unexpected error: keep receiving, but a socket that fails every receive in a row is broken, and spinning on
    /// it would only burn a core and flood the log, so the loop stops. True when the loop must stop.
    /// </summary>
    private bool OnHardError(string error)
    {
        Statistics.OnReceiveError();
        BaseLog.UdpReceiveError(_logger, LocalEndPoint, error);
        return _disposed != 0 || ++_consecutiveHardErrors >= MaxConsecutiveHardErrors;
    }

    private const int MaxConsecutiveHardErrors = 100;
    private int _consecutiveHardErrors;

    private void Deliver(ReadOnlySpan<byte> packet, SocketAddress address)
    {
        _consecutiveHardErrors = 0;
        Statistics.OnReceived(packet.Length);
        UdpPacketHandler? handler = _handler;
        if (handler is null || _disposed != 0)
        {
            Statistics.OnDropped();
            return;
        }

        IPEndPoint remote = _endpoints.Get(address);
        try
        {
            handler(this, packet, remote, _time.GetTimestamp());
        }
        catch (Exception e)
        {
            // A handler bug must not stop the socket: log it, count the packet as dropped, keep receiving.
            Statistics.OnDropped();
            BaseLog.UdpHandlerException(_logger, LocalEndPoint, e);
        }
    }
}
