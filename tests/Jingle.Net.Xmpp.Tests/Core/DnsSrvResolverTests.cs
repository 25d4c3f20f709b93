using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base;

namespace Jingle.Net.Xmpp.Tests.Core;

public sealed class DnsSrvResolverTests
{
    [Fact]
    public async Task Query_AgainstFakeResponderOnLoopback_ReturnsSortedRecords()
    {
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var endPoint = (IPEndPoint)server.Client.LocalEndPoint!;
        string? askedName = null;
        Task responder = Task.Run(async () =>
        {
            UdpReceiveResult query = await server.ReceiveAsync(TestContext.Current.CancellationToken);
            askedName = ReadQuestion(query.Buffer);
            byte[] answer = BuildAnswer(query.Buffer, [(20, 0, 5223, "backup.example"), (10, 5, 5222, "xmpp.example")]);
            await server.SendAsync(answer, query.RemoteEndPoint, TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);

        var resolver = new DnsSrvResolver(JingleEnvironment.CreateDefault());
        IReadOnlyList<SrvRecord> records = await resolver.QueryAsync("_xmpp-client._tcp.example", endPoint, TimeSpan.FromSeconds(5));
        await responder;
        Assert.Equal("_xmpp-client._tcp.example", askedName);
        Assert.Equal([new SrvRecord(10, 5, 5222, "xmpp.example"), new SrvRecord(20, 0, 5223, "backup.example")], records);
    }

    [Fact]
    public void Response_WithWrongId_OrTruncated_IsRejected()
    {
        byte[] query = DnsSrvResolver.BuildQuery(0x1234, "_xmpp-client._tcp.example");
        byte[] answer = BuildAnswer(query, [(1, 1, 5222, "x.example")]);
        Assert.True(DnsSrvResolver.TryParseResponse(answer, 0x1234, out List<SrvRecord> ok));
        Assert.Single(ok);
        Assert.False(DnsSrvResolver.TryParseResponse(answer, 0x4321, out _));
        for (int i = 0; i < answer.Length; i++)
        {
            DnsSrvResolver.TryParseResponse(answer.AsSpan(0, i), 0x1234, out _); // never throws
        }
    }

    [Fact]
    public void CompressionPointerLoop_IsRejected()
    {
        byte[] query = DnsSrvResolver.BuildQuery(7, "a.b");
        byte[] packet = [.. query];
        packet[2] |= 0x80;
        packet[12] = 0xC0; // the question name points at itself
        packet[13] = 12;
        Assert.False(DnsSrvResolver.TryParseResponse(packet, 7, out _));
    }

    private static string ReadQuestion(byte[] query)
    {
        var labels = new List<string>();
        int p = 12;
        while (query[p] != 0)
        {
            labels.Add(System.Text.Encoding.ASCII.GetString(query, p + 1, query[p]));
            p += 1 + query[p];
        }

        return string.Join('.', labels);
    }

    private static byte[] BuildAnswer(byte[] query, (ushort Priority, ushort Weight, ushort Port, string Target)[] records)
    {
        var bytes = new List<byte>(query);
        bytes[2] = 0x81;
        bytes[3] = 0x80;
        bytes[6] = 0;
        bytes[7] = (byte)records.Length;
        foreach (var r in records)
        {
            bytes.AddRange([0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 60]);
            var rdata = new List<byte>();
            byte[] six = new byte[6];
            BinaryPrimitives.WriteUInt16BigEndian(six, r.Priority);
            BinaryPrimitives.WriteUInt16BigEndian(six.AsSpan(2), r.Weight);
            BinaryPrimitives.WriteUInt16BigEndian(six.AsSpan(4), r.Port);
            rdata.AddRange(six);
            foreach (string label in r.Target.Split('.'))
            {
                rdata.Add((byte)label.Length);
                rdata.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
            }

            rdata.Add(0);
            bytes.Add((byte)(rdata.Count >> 8));
            bytes.Add((byte)rdata.Count);
            bytes.AddRange(rdata);
        }

        return [.. bytes];
    }
}
