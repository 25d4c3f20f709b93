using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Base.Tests.Virtual;

public sealed class VirtualTcpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly IPAddress ServerAddress = IPAddress.Parse("198.51.100.10");
    private static readonly IPAddress NatAddress = IPAddress.Parse("203.0.113.1");

    [Fact]
    public async Task Connect_ThroughUdpBlockedNat_EchoesBytesAfterOneRoundTrip()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time, seed: 3);
        VirtualRouter nat = net.AddNat("fw", NatAddress, NatType.UdpBlocked);
        VirtualHost client = net.AddHost("client", IPAddress.Parse("10.0.0.2"), nat);
        VirtualHost server = net.AddHost("server", ServerAddress);
        net.SetLinkConditions(client, new LinkConditions { Delay = TimeSpan.FromMilliseconds(10) });
        net.SetLinkConditions(server, new LinkConditions { Delay = TimeSpan.FromMilliseconds(15) });
        await using ITcpListener listener = server.ListenTcp(new IPEndPoint(IPAddress.Any, 443));

        ValueTask<ITcpSocket> connecting = client.ConnectTcpAsync(new IPEndPoint(ServerAddress, 443));
        ValueTask<ITcpSocket> accepting = listener.AcceptAsync();
        time.Advance(TimeSpan.FromMilliseconds(25)); // SYN reaches the server after both links' delays
        await using ITcpSocket accepted = await accepting.AsTask().WaitAsync(Timeout);
        Assert.False(connecting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(25)); // SYN-ACK back: one round trip in all
        await using ITcpSocket connected = await connecting.AsTask().WaitAsync(Timeout);

        Assert.Equal(NatAddress, accepted.RemoteEndPoint.Address); // the NAT translated the source
        Assert.Equal(new IPEndPoint(ServerAddress, 443), connected.RemoteEndPoint);
        Assert.Equal(443, accepted.LocalEndPoint.Port);

        await connected.Stream.WriteAsync(new byte[] { 1, 2, 3 });
        await connected.Stream.WriteAsync(new byte[] { 4, 5 });
        time.Advance(TimeSpan.FromMilliseconds(25));
        byte[] buffer = new byte[16];
        int read = await ReadAtLeastAsync(accepted.Stream, buffer, 5);
        Assert.Equal([1, 2, 3, 4, 5], buffer[..read]);

        await accepted.Stream.WriteAsync(buffer.AsMemory(0, read)); // echo
        time.Advance(TimeSpan.FromMilliseconds(25));
        read = await ReadAtLeastAsync(connected.Stream, buffer, 5);
        Assert.Equal([1, 2, 3, 4, 5], buffer[..read]);

        connected.Dispose();
        time.Advance(TimeSpan.FromMilliseconds(25));
        Assert.Equal(0, await accepted.Stream.ReadAsync(buffer).AsTask().WaitAsync(Timeout)); // FIN
        accepted.Dispose();
        time.Advance(TimeSpan.FromMilliseconds(25));
        Assert.Equal(0, net.PendingCount);
        Assert.Equal(0, client.TcpConnectionCount);
        Assert.Equal(0, server.TcpConnectionCount);
    }

    [Fact]
    public async Task Connect_ToPortWithoutListener_IsRefused()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time);
        VirtualHost client = net.AddHost("client", IPAddress.Parse("198.51.100.1"));
        net.AddHost("server", ServerAddress);

        ValueTask<ITcpSocket> connecting = client.ConnectTcpAsync(new IPEndPoint(ServerAddress, 80));
        time.Advance(TimeSpan.FromMilliseconds(1));
        time.Advance(TimeSpan.FromMilliseconds(1));

        var e = await Assert.ThrowsAsync<SocketException>(() => connecting.AsTask().WaitAsync(Timeout));
        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
        Assert.Equal(0, client.TcpConnectionCount);
        Assert.Equal(0, net.PendingCount);
    }

    [Fact]
    public async Task Connect_IntoANat_IsUnreachable()
    {
        var time = new FakeTimeProvider();
        using var net = new VirtualNetwork(time);
        VirtualRouter nat = net.AddNat("nat", NatAddress, NatType.FullCone);
        VirtualHost inside = net.AddHost("inside", IPAddress.Parse("10.0.0.2"), nat);
        VirtualHost outside = net.AddHost("outside", ServerAddress);
        await using ITcpListener listener = inside.ListenTcp(new IPEndPoint(IPAddress.Any, 80));

        ValueTask<ITcpSocket> connecting = outside.ConnectTcpAsync(new IPEndPoint(NatAddress, 80));
        time.Advance(TimeSpan.FromMilliseconds(1));
        time.Advance(TimeSpan.FromMilliseconds(1));

        var e = await Assert.ThrowsAsync<SocketException>(() => connecting.AsTask().WaitAsync(Timeout));
        Assert.Equal(SocketError.HostUnreachable, e.SocketErrorCode);
        Assert.Equal(0, net.PendingCount);
    }

    private static async Task<int> ReadAtLeastAsync(Stream stream, byte[] buffer, int count)
    {
        int total = 0;
        while (total < count)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(total)).AsTask().WaitAsync(Timeout);
            Assert.NotEqual(0, n);
            total += n;
        }

        return total;
    }
}
