using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Base.Tests.Virtual;

/// <summary>
/// Virtual TCP on a fake clock: connects, accepts, reads and closes complete inside <c>FakeTimeProvider.Advance</c>
/// (on the advancing thread, at the due tick), and the same seed with the same traffic gives the same trace.
/// </summary>
public sealed class VirtualTcpFakeTimeTests
{
    private static readonly IPAddress ServerAddress = IPAddress.Parse("198.51.100.10");

    [Fact]
    public async Task ConnectAcceptReadClose_CompleteInsideAdvance_OnTheAdvancingThread()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time, seed: 1);
        VirtualHost client = net.AddHost("client", IPAddress.Parse("198.51.100.1"));
        VirtualHost server = net.AddHost("server", ServerAddress);
        net.SetLinkConditions(client, new LinkConditions { Delay = TimeSpan.FromMilliseconds(5) });
        net.SetLinkConditions(server, new LinkConditions { Delay = TimeSpan.FromMilliseconds(5) });
        using ITcpListener listener = server.ListenTcp(new IPEndPoint(IPAddress.Any, 4000));
        int testThread = Environment.CurrentManagedThreadId;

        Task<(ITcpSocket Socket, int Thread)> accepting = Capture(listener.AcceptAsync());
        Task<(ITcpSocket Socket, int Thread)> connecting = Capture(client.ConnectTcpAsync(new IPEndPoint(ServerAddress, 4000)));
        time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.False(accepting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1)); // the SYN arrives after both links' delays (10 ms)
        Assert.True(accepting.IsCompletedSuccessfully);
        Assert.False(connecting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(10)); // the SYN-ACK: one round trip
        Assert.True(connecting.IsCompletedSuccessfully);
        (ITcpSocket accepted, int acceptThread) = await accepting;
        (ITcpSocket connected, int connectThread) = await connecting;
        using ITcpSocket acceptedScope = accepted;
        using ITcpSocket connectedScope = connected;
        Assert.Equal(testThread, acceptThread);
        Assert.Equal(testThread, connectThread);

        byte[] buffer = new byte[8];
        Task<(int Read, int Thread)> reading = Capture(accepted.Stream.ReadAsync(buffer));
        connected.Stream.Write([1, 2, 3]);
        time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.False(reading.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(reading.IsCompletedSuccessfully);
        Assert.Equal((3, testThread), await reading);
        Assert.Equal([1, 2, 3], buffer[..3]);

        Task<(int Read, int Thread)> eof = Capture(accepted.Stream.ReadAsync(buffer));
        connected.Dispose(); // FIN, after the data
        Assert.False(eof.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(eof.IsCompletedSuccessfully);
        Assert.Equal((0, testThread), await eof);
        accepted.Dispose();
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(0, net.PendingCount);
        Assert.Equal(0, server.TcpConnectionCount);
        Assert.Equal(0, client.TcpConnectionCount);
    }

    [Fact]
    public async Task PendingRead_Canceled_ThrowsAndLaterDataIsStillRead()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time);
        VirtualHost client = net.AddHost("client", IPAddress.Parse("198.51.100.1"));
        VirtualHost server = net.AddHost("server", ServerAddress);
        using ITcpListener listener = server.ListenTcp(new IPEndPoint(IPAddress.Any, 80));
        ValueTask<ITcpSocket> accepting = listener.AcceptAsync();
        ValueTask<ITcpSocket> connecting = client.ConnectTcpAsync(new IPEndPoint(ServerAddress, 80));
        time.AdvanceInSteps(TimeSpan.FromMilliseconds(5));
        using ITcpSocket accepted = await accepting;
        using ITcpSocket connected = await connecting;

        using var cts = new CancellationTokenSource();
        byte[] buffer = new byte[4];
        ValueTask<int> read = accepted.Stream.ReadAsync(buffer, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await read);

        connected.Stream.Write([9]);
        Task<int> next = accepted.Stream.ReadAsync(buffer).AsTask();
        time.AdvanceInSteps(TimeSpan.FromMilliseconds(2));
        Assert.True(next.IsCompletedSuccessfully);
        Assert.Equal(1, await next);
        Assert.Equal(9, buffer[0]);
    }

    [Fact]
    public void ManyConnectionsThroughSymmetricNat_EachGetsItsOwnMappingAndItsOwnBytesInOrder()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time, seed: 4);
        VirtualRouter nat = net.AddNat("nat", IPAddress.Parse("203.0.113.1"), NatType.Symmetric);
        VirtualHost client = net.AddHost("client", IPAddress.Parse("10.0.0.2"), nat);
        VirtualHost server = net.AddHost("server", ServerAddress);
        net.SetLinkConditions(client, new LinkConditions { Delay = TimeSpan.FromMilliseconds(3) });
        using ITcpListener listener = server.ListenTcp(new IPEndPoint(IPAddress.Any, 7));
        var trace = new Trace(net);
        _ = EchoServerAsync(listener, trace);
        var clients = Enumerable.Range(0, 3).Select(i => ClientAsync(client, i, 20, trace)).ToArray();

        time.AdvanceInSteps(TimeSpan.FromMilliseconds(200));

        Assert.All(clients, c => Assert.True(c.IsCompletedSuccessfully));
        Assert.Equal(3, clients.Select(c => c.Result).Count(ok => ok));
        var peers = trace.Lines.Where(l => l.Contains("accepted", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, peers.Count);
        Assert.All(peers, p => Assert.Contains("203.0.113.1:", p, StringComparison.Ordinal)); // translated by the NAT
        Assert.Equal(3, peers.Distinct().Count()); // a symmetric NAT maps each connection to its own port
    }

    [Fact]
    public void SameSeed_SameTrace_WithJitteryUdpInterleaved()
    {
        List<string> first = RunScenario(seed: 11);
        List<string> second = RunScenario(seed: 11);
        List<string> other = RunScenario(seed: 12);

        Assert.True(first.Count > 50, $"trace has {first.Count} lines");
        Assert.Equal(first, second);
        Assert.NotEqual(first, other); // the jitter (and so the interleaving) depends on the seed
    }

    private static List<string> RunScenario(int seed)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var net = new VirtualNetwork(time, seed);
        VirtualRouter nat = net.AddNat("nat", IPAddress.Parse("203.0.113.1"), NatType.PortRestrictedCone);
        VirtualHost client = net.AddHost("client", IPAddress.Parse("10.0.0.2"), nat);
        VirtualHost server = net.AddHost("server", ServerAddress);
        var jitter = new LinkConditions { Delay = TimeSpan.FromMilliseconds(4), Jitter = TimeSpan.FromMilliseconds(3) };
        net.SetLinkConditions(client, jitter);
        net.SetLinkConditions(server, jitter);
        var trace = new Trace(net);
        net.PacketTraced += (_, e) => trace.Add($"udp {e.Kind} {e.Source}->{e.Destination} {e.Length}");

        using IUdpSocket udpServer = server.BindUdp(new IPEndPoint(ServerAddress, 9));
        udpServer.Start((s, p, from, _) => s.SendTo(p, from));
        using IUdpSocket udpClient = client.BindUdp(new IPEndPoint(IPAddress.Any, 0));
        udpClient.Start((_, p, _, _) => trace.Add($"udp echo {p[0]}"));
        using ITcpListener listener = server.ListenTcp(new IPEndPoint(IPAddress.Any, 7));
        _ = EchoServerAsync(listener, trace);
        var clients = Enumerable.Range(0, 2).Select(i => ClientAsync(client, i, 10, trace)).ToArray();
        for (int i = 0; i < 60; i++)
        {
            udpClient.SendTo([(byte)i], new IPEndPoint(ServerAddress, 9));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        time.AdvanceInSteps(TimeSpan.FromMilliseconds(200));
        Assert.All(clients, c => Assert.True(c.IsCompletedSuccessfully && c.Result));
        return trace.Lines;
    }

    private static async Task EchoServerAsync(ITcpListener listener, Trace trace)
    {
        while (true)
        {
            ITcpSocket socket;
            try
            {
                socket = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            trace.Add($"accepted {socket.RemoteEndPoint}");
            _ = EchoAsync(socket, trace);
        }
    }

    private static async Task EchoAsync(ITcpSocket socket, Trace trace)
    {
        byte[] buffer = new byte[64];
        using (socket)
        {
            while (true)
            {
                int read = await socket.Stream.ReadAsync(buffer).ConfigureAwait(false);
                trace.Add($"server read {read} from {socket.RemoteEndPoint}");
                if (read == 0)
                {
                    return;
                }

                await socket.Stream.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends <paramref name="count"/> two-byte messages one at a time and checks each echo; true when all came back in order.</summary>
    private static async Task<bool> ClientAsync(VirtualHost host, int id, int count, Trace trace)
    {
        using ITcpSocket socket = await host.ConnectTcpAsync(new IPEndPoint(ServerAddress, 7)).ConfigureAwait(false);
        trace.Add($"client {id} connected from {socket.LocalEndPoint}");
        byte[] buffer = new byte[2];
        for (int i = 0; i < count; i++)
        {
            await socket.Stream.WriteAsync(new byte[] { (byte)id, (byte)i }).ConfigureAwait(false);
            int total = 0;
            while (total < 2)
            {
                int read = await socket.Stream.ReadAsync(buffer.AsMemory(total)).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }

                total += read;
            }

            trace.Add($"client {id} echo {buffer[1]}");
            if (buffer[0] != id || buffer[1] != i)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<(T Value, int Thread)> Capture<T>(ValueTask<T> pending)
    {
        T value = await pending.ConfigureAwait(false);
        return (value, Environment.CurrentManagedThreadId);
    }

    /// <summary>Lines stamped with the network's clock.</summary>
    private sealed class Trace(VirtualNetwork network)
    {
        private readonly Lock _lock = new();
        private readonly List<string> _lines = [];

        public List<string> Lines
        {
            get { lock (_lock) { return [.. _lines]; } }
        }

        public void Add(string line)
        {
            lock (_lock)
            {
                _lines.Add($"{network.Elapsed.Ticks} {line}");
            }
        }
    }
}
