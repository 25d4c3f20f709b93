using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Base.Virtual;

/// <summary>
/// TCP: the handshake is routed like a datagram (through NAT mappings and filters, but a UDP-blocking firewall lets it
/// pass); once connected, the two sides exchange bytes reliably and in order, one link-delay sum apart.
/// </summary>
/// <remarks>
/// Every step (SYN, accept, SYN-ACK, segment, FIN) is an item in the scheduler's one queue, and completing it
/// (connect, accept, read) resumes the awaiting code inline in the timer callback: with a fake clock, TCP traffic runs
/// synchronously inside <c>Advance</c>, interleaved with UDP in (due time, sequence) order, so the same seed and the same
/// traffic give the same trace.
/// </remarks>
public sealed partial class VirtualNetwork
{
    internal async ValueTask<ITcpSocket> ConnectTcpAsync(VirtualHost host, IPEndPoint remote, int localPort, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var attempt = new TcpConnectAttempt(host, new IPEndPoint(remote.Address, remote.Port));
        lock (Sync)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            attempt.Port = host.ReserveTcpConnectionPortLocked(localPort);
            attempt.Local = IsLocal(host, remote.Address);
            attempt.Source = new IPEndPoint(attempt.Local && IPAddress.IsLoopback(remote.Address) ? IPAddress.Loopback : host.Address, attempt.Port);
            attempt.SenderDelay = attempt.Local ? 0 : host.Link.Delay.Ticks;
            long now = NowTicks;
            ScheduleLocked(new ScheduledAction(at => OnSynLeftSenderLink(attempt, at), () => DiscardConnect(attempt)), now + attempt.SenderDelay, now);
        }

        using (cancellationToken.Register(static s => ((TcpConnectAttempt)s!).Completion.TrySetCanceled(), attempt))
        {
            return await attempt.Completion.Task.ConfigureAwait(false);
        }
    }

    /// <summary>The SYN reaches the routers: route it (NAT outbound mapping, inbound filtering) to the receiving host.</summary>
    private void OnSynLeftSenderLink(TcpConnectAttempt attempt, long at)
    {
        lock (Sync)
        {
            long now = NowTicks;
            IPEndPoint source = attempt.Source;
            IPEndPoint destination = attempt.Remote;
            VirtualHost? receiver = attempt.Host;
            if (!attempt.Local && !TryRouteLocked(VirtualProtocol.Tcp, attempt.Host.Realm, ref source, ref destination, at, out receiver, out _))
            {
                ScheduleFailureLocked(attempt, SocketError.HostUnreachable, at + attempt.SenderDelay, now);
                return;
            }

            attempt.ReceiverDelay = attempt.Local ? 0 : receiver!.Link.Delay.Ticks;
            ContinueLocked(new ScheduledAction(t => OnSynArrived(attempt, receiver!, source, destination, t), () => DiscardConnect(attempt)),
                at + attempt.ReceiverDelay, now);
        }
    }

    /// <summary>The SYN reaches the receiving host: hand a connection to the listener, answer the client a round trip later.</summary>
    private void OnSynArrived(TcpConnectAttempt attempt, VirtualHost receiver, IPEndPoint source, IPEndPoint destination, long at)
    {
        VirtualTcpListener? listener;
        VirtualTcpSocket server;
        lock (Sync)
        {
            long now = NowTicks;
            long returnDelay = attempt.ReceiverDelay + attempt.SenderDelay;
            listener = receiver.FindTcpListenerLocked(destination);
            if (listener is null)
            {
                ScheduleFailureLocked(attempt, SocketError.ConnectionRefused, at + returnDelay, now);
                return;
            }

            long oneWay = attempt.SenderDelay + attempt.ReceiverDelay;
            var clientStream = new VirtualTcpStream(this, oneWay);
            var serverStream = new VirtualTcpStream(this, oneWay);
            clientStream.Peer = serverStream;
            serverStream.Peer = clientStream;
            VirtualHost client = attempt.Host;
            int port = attempt.Port;
            clientStream.Closed = () => client.ReleaseTcpConnectionPort(port, accepted: false);
            serverStream.Closed = () => receiver.ReleaseTcpConnectionPort(destination.Port, accepted: true);
            receiver.AddAcceptedConnectionLocked();
            var clientSocket = new VirtualTcpSocket(new IPEndPoint(attempt.Source.Address, port), attempt.Remote, clientStream);
            server = new VirtualTcpSocket(destination, source, serverStream);
            ContinueLocked(new ScheduledAction(_ =>
            {
                if (!attempt.Completion.TrySetResult(clientSocket))
                {
                    clientSocket.Dispose();
                }
            }, () => DiscardConnect(attempt)), at + returnDelay, now);
        }

        if (!listener.Enqueue(server))
        {
            server.Dispose();
        }
    }

    private void ScheduleFailureLocked(TcpConnectAttempt attempt, SocketError error, long due, long now) =>
        ContinueLocked(new ScheduledAction(_ => FailConnect(attempt, error), () => DiscardConnect(attempt)), due, now);

    /// <summary>
    /// The network was disposed with the handshake in flight. Called under the network's lock, so the caller is failed
    /// from the thread pool rather than resumed inline with the lock held.
    /// </summary>
    private static void DiscardConnect(TcpConnectAttempt attempt) =>
        ThreadPool.UnsafeQueueUserWorkItem(static a => FailConnect(a, null), attempt, preferLocal: false);

    private static void FailConnect(TcpConnectAttempt attempt, SocketError? error)
    {
        attempt.Host.ReleaseTcpConnectionPort(attempt.Port, accepted: false);
        attempt.Completion.TrySetException(error is { } e
            ? new SocketException((int)e, $"Virtual TCP connect to {attempt.Remote} failed: {e}.")
            : new ObjectDisposedException(nameof(VirtualNetwork)));
    }

    /// <summary>Sends a TCP segment (bytes, or FIN when <paramref name="data"/> is null) to the stream's peer, in order.</summary>
    internal void SendTcpSegment(VirtualTcpStream from, byte[]? data)
    {
        lock (Sync)
        {
            VirtualTcpStream? peer = from.Peer;
            if (_disposed || peer is null)
            {
                return;
            }

            long now = NowTicks;
            var item = new ScheduledAction(_ => peer.OnSegment(data));
            ScheduleLocked(item, Math.Max(now + from.OneWayDelayTicks, from.LastDue), now);
            from.LastDue = item.Due;
        }
    }

    private sealed class TcpConnectAttempt(VirtualHost host, IPEndPoint remote)
    {
        public VirtualHost Host { get; } = host;

        public IPEndPoint Remote { get; } = remote;

        /// <summary>Completed by the pump; the connecting caller resumes inline there (deterministic on a fake clock).</summary>
        public TaskCompletionSource<ITcpSocket> Completion { get; } = new();

        public int Port { get; set; }

        public bool Local { get; set; }

        public IPEndPoint Source { get; set; } = remote;

        public long SenderDelay { get; set; }

        public long ReceiverDelay { get; set; }
    }
}
