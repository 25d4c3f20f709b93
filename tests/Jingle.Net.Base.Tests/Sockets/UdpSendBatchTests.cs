using System.Net;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Base.Tests.Sockets;

/// <summary>The shape rules of one UDP GSO send, as <see cref="UdpSendBatch"/> enforces them.</summary>
public sealed class UdpSendBatchTests
{
    private static readonly IPEndPoint RemoteA = new(IPAddress.Loopback, 5000);
    private static readonly IPEndPoint RemoteB = new(IPAddress.Loopback, 5001);
    private static readonly SocketAddress A = RemoteA.Serialize();
    private static readonly SocketAddress B = RemoteB.Serialize();

    [Fact]
    public void EqualSizes_FillUpTo64Segments_ThenRefuse()
    {
        var batch = new UdpSendBatch();
        for (int i = 0; i < 64; i++)
        {
            Assert.True(batch.TryAppend(Payload(100, i), A, RemoteA));
        }

        Assert.False(batch.TryAppend(Payload(100, 64), A, RemoteA));
        Assert.Equal(64, batch.Count);
        Assert.Equal(6400, batch.Length);
        Assert.Equal(100, batch.SegmentSize);
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(Payload(100, i), batch.Get(i).ToArray());
        }
    }

    [Fact]
    public void AShorterDatagram_EndsTheBatch_ALongerOneIsRefused()
    {
        var batch = new UdpSendBatch();
        Assert.True(batch.TryAppend(Payload(1200, 0), A, RemoteA));
        Assert.False(batch.TryAppend(Payload(1201, 1), A, RemoteA));
        Assert.True(batch.TryAppend(Payload(1200, 2), A, RemoteA));
        Assert.True(batch.TryAppend(Payload(300, 3), A, RemoteA));
        Assert.False(batch.TryAppend(Payload(300, 4), A, RemoteA));
        Assert.False(batch.TryAppend(Payload(1, 5), A, RemoteA));
        Assert.Equal(3, batch.Count);
        Assert.Equal(300, batch.LengthOf(2));
        Assert.Equal(Payload(300, 3), batch.Get(2).ToArray());
    }

    [Fact]
    public void AnotherDestination_IsRefused_AnEqualAddressIsNot()
    {
        var batch = new UdpSendBatch();
        Assert.True(batch.TryAppend(Payload(50, 0), A, RemoteA));
        Assert.False(batch.TryAppend(Payload(50, 1), B, RemoteB));
        Assert.True(batch.TryAppend(Payload(50, 2), RemoteA.Serialize(), RemoteA));
        Assert.Equal(2, batch.Count);
    }

    [Fact]
    public void TheTotal_StaysWithinOneUdpPayload_AndEmptyOrOversizedDatagramsGoAlone()
    {
        var batch = new UdpSendBatch();
        Assert.False(batch.TryAppend([], A, RemoteA));
        Assert.False(batch.TryAppend(new byte[65508], A, RemoteA));
        Assert.True(batch.TryAppend(new byte[65507], A, RemoteA));
        Assert.False(batch.TryAppend(new byte[1], A, RemoteA));
        batch.Clear();

        int fitted = 0;
        while (batch.TryAppend(Payload(1400, fitted), A, RemoteA))
        {
            fitted++;
        }

        Assert.Equal(65507 / 1400, fitted);
        Assert.True(batch.Length <= 65507);
        batch.Clear();
        Assert.Equal(0, batch.Count);
        Assert.Null(batch.Destination);
        Assert.True(batch.TryAppend(Payload(9000, 0), B, RemoteB));
        Assert.Equal(9000, batch.SegmentSize);
    }

    internal static byte[] Payload(int length, int index)
    {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)((i * 7) + index);
        }

        return payload;
    }
}
