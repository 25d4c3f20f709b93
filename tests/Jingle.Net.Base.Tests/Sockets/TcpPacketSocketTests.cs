using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Base.Tests.Sockets;

/// <summary>Real TCP sockets on 127.0.0.1.</summary>
public sealed class TcpPacketSocketTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConnectListen_EchoesRfc4571FramedPackets()
    {
        var factory = new SocketFactory();
        await using ITcpListener listener = factory.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0));
        Task echo = Task.Run(async () =>
        {
            await using ITcpSocket accepted = await listener.AcceptAsync();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = await accepted.Stream.ReadAsync(buffer)) > 0)
            {
                await accepted.Stream.WriteAsync(buffer.AsMemory(0, n));
            }
        });

        await using ITcpSocket client = await factory.ConnectTcpAsync(listener.LocalEndPoint).AsTask().WaitAsync(Timeout);
        Assert.Equal(listener.LocalEndPoint, client.RemoteEndPoint);
        byte[][] packets = [[1, 2, 3], [], new byte[1000]];
        byte[] framed = new byte[packets.Sum(p => Rfc4571Framing.GetFramedLength(p.Length))];
        int offset = 0;
        foreach (byte[] p in packets)
        {
            Assert.True(Rfc4571Framing.TryWriteFrame(p, framed.AsSpan(offset), out int written));
            offset += written;
        }

        await client.Stream.WriteAsync(framed);
        var deframer = new Rfc4571Deframer();
        var echoed = new List<byte[]>();
        byte[] chunk = new byte[512];
        while (echoed.Count < packets.Length)
        {
            int n = await client.Stream.ReadAsync(chunk).AsTask().WaitAsync(Timeout);
            Assert.NotEqual(0, n);
            deframer.Feed(chunk.AsSpan(0, n), echoed, static (list, packet) => list.Add(packet.ToArray()));
        }

        Assert.Equal(packets, echoed);
        client.Dispose();
        await echo.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Connect_ToClosedPort_IsRefused()
    {
        var factory = new SocketFactory();
        IPEndPoint closed;
        using (ITcpListener listener = factory.ListenTcp(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            closed = listener.LocalEndPoint;
        }

        var e = await Assert.ThrowsAsync<SocketException>(() => factory.ConnectTcpAsync(closed).AsTask().WaitAsync(Timeout));
        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
    }
}
