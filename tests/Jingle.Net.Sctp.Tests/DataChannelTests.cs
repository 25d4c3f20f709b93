using System.Text;
using Jingle.Net.Sctp.DataChannels;
using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Sctp.Tests;

public sealed class DataChannelTests
{
    private sealed class Pair
    {
        public required SctpPairSimulation Sim { get; init; }

        public required DataChannelManager Client { get; init; }

        public required DataChannelManager Server { get; init; }

        public List<DataChannel> ServerReceived { get; } = [];

        public List<DataChannel> ClientReceived { get; } = [];

        public bool Run(Func<bool> done, double seconds = 30) => Sim.RunUntil(done, Sim.Now + TimeSpan.FromSeconds(seconds));
    }

    private static Pair Connect(SimulatedLinkOptions? link = null, int seed = 1)
    {
        SctpPairSimulation? sim = null;
        var env = SimulationFactory.Environment(seed);
        var client = new DataChannelManager(env, isDtlsClient: true, () => sim!.Now);
        var server = new DataChannelManager(env, isDtlsClient: false, () => sim!.Now);
        link ??= new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(15) };
        sim = new SctpPairSimulation(env, new SctpOptions(), client, new SctpOptions(), server, link, link, seed);
        client.Attach(sim.A);
        server.Attach(sim.B);
        var pair = new Pair { Sim = sim, Client = client, Server = server };
        server.DataChannelReceived += pair.ServerReceived.Add;
        client.DataChannelReceived += pair.ClientReceived.Add;
        int connected = 0;
        client.Connected += () => connected++;
        server.Connected += () => connected++;
        sim.A.Connect(sim.Now);
        Assert.True(pair.Run(() => connected == 2));
        return pair;
    }

    private static List<(bool IsText, byte[] Data)> Collect(DataChannel channel)
    {
        var list = new List<(bool, byte[])>();
        channel.MessageReceived += (DataChannel _, in DataChannelMessage m) => list.Add((m.IsText, m.Data.ToArray()));
        return list;
    }

    [Fact]
    public void InBandChannel_OpensOnBothSides_WithItsParameters()
    {
        Pair p = Connect();
        DataChannel a = p.Client.CreateDataChannel("chat", new DataChannelInit { Protocol = "x-chat", Priority = 512 });
        Assert.Equal(0, a.Id % 2);
        Assert.Equal(DataChannelState.Open, a.State);
        Assert.True(p.Run(() => p.ServerReceived.Count == 1));
        DataChannel b = p.ServerReceived[0];
        Assert.Equal("chat", b.Label);
        Assert.Equal("x-chat", b.Protocol);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal((ushort)512, b.Priority);
        Assert.True(b.Ordered);
        Assert.Null(b.MaxRetransmits);
        Assert.Equal(DataChannelState.Open, b.State);

        DataChannel fromServer = p.Server.CreateDataChannel("reverse");
        Assert.Equal(1, fromServer.Id % 2);
        Assert.True(p.Run(() => p.ClientReceived.Count == 1));
        Assert.Equal("reverse", p.ClientReceived[0].Label);
    }

    [Fact]
    public void Messages_StringBinaryAndEmpty_KeepTheirKind()
    {
        Pair p = Connect();
        DataChannel a = p.Client.CreateDataChannel("m");
        Assert.True(p.Run(() => p.ServerReceived.Count == 1));
        DataChannel b = p.ServerReceived[0];
        var atB = Collect(b);
        var atA = Collect(a);
        Assert.Equal(SctpSendStatus.Success, a.Send("héllo"));
        Assert.Equal(SctpSendStatus.Success, a.Send(""));
        Assert.Equal(SctpSendStatus.Success, a.Send(new byte[] { 1, 2, 3 }));
        Assert.Equal(SctpSendStatus.Success, a.Send(ReadOnlySpan<byte>.Empty));
        Assert.Equal(SctpSendStatus.Success, a.Send(new byte[200_000]));
        Assert.Equal(SctpSendStatus.Success, b.Send("pong"));
        Assert.True(p.Run(() => atB.Count == 5 && atA.Count == 1));
        Assert.True(atB[0].IsText);
        Assert.Equal(Encoding.UTF8.GetBytes("héllo"), atB[0].Data);
        Assert.Equal((true, 0), (atB[1].IsText, atB[1].Data.Length));
        Assert.False(atB[2].IsText);
        Assert.Equal(new byte[] { 1, 2, 3 }, atB[2].Data);
        Assert.Equal((false, 0), (atB[3].IsText, atB[3].Data.Length));
        Assert.Equal(200_000, atB[4].Data.Length);
        Assert.Equal("pong", Encoding.UTF8.GetString(atA[0].Data));
    }

    [Fact]
    public void NegotiatedChannel_NeedsNoDcep()
    {
        Pair p = Connect();
        DataChannel a = p.Client.CreateDataChannel("neg", new DataChannelInit { Negotiated = true, Id = 7 });
        DataChannel b = p.Server.CreateDataChannel("neg", new DataChannelInit { Negotiated = true, Id = 7 });
        var atB = Collect(b);
        a.Send("direct");
        Assert.True(p.Run(() => atB.Count == 1));
        Assert.Empty(p.ServerReceived);
        Assert.Equal("direct", Encoding.UTF8.GetString(atB[0].Data));
    }

    [Fact]
    public void ChannelCreatedBeforeConnect_OpensOnConnect()
    {
        SctpPairSimulation? sim = null;
        var env = SimulationFactory.Environment(3);
        var client = new DataChannelManager(env, true, () => sim!.Now);
        var server = new DataChannelManager(env, false, () => sim!.Now);
        var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(5) };
        sim = new SctpPairSimulation(env, new SctpOptions(), client, new SctpOptions(), server, link, link, 3);
        client.Attach(sim.A);
        server.Attach(sim.B);
        DataChannel early = client.CreateDataChannel("early");
        Assert.Equal(DataChannelState.Connecting, early.State);
        Assert.Equal(SctpSendStatus.NotConnected, early.Send("too soon"));
        var received = new List<DataChannel>();
        server.DataChannelReceived += received.Add;
        sim.A.Connect(sim.Now);
        Assert.True(sim.RunUntil(() => received.Count == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(DataChannelState.Open, early.State);
    }

    [Fact]
    public void PartiallyReliableUnordered_Parameters_AreSignalled()
    {
        Pair p = Connect();
        p.Client.CreateDataChannel("rexmit", new DataChannelInit { Ordered = false, MaxRetransmits = 2 });
        p.Client.CreateDataChannel("timed", new DataChannelInit { MaxPacketLifeTime = 150 });
        Assert.True(p.Run(() => p.ServerReceived.Count == 2));
        DataChannel rexmit = p.ServerReceived.Single(c => c.Label == "rexmit");
        DataChannel timed = p.ServerReceived.Single(c => c.Label == "timed");
        Assert.False(rexmit.Ordered);
        Assert.Equal(2, rexmit.MaxRetransmits);
        Assert.Null(rexmit.MaxPacketLifeTime);
        Assert.True(timed.Ordered);
        Assert.Equal(150, timed.MaxPacketLifeTime);
        Assert.Throws<ArgumentException>(() => p.Client.CreateDataChannel("bad", new DataChannelInit { MaxRetransmits = 1, MaxPacketLifeTime = 1 }));
    }

    [Fact]
    public void Close_ResetsStreams_BothSidesClosed_IdReusable()
    {
        Pair p = Connect(new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(15), Loss = 0.05 }, seed: 9);
        DataChannel a = p.Client.CreateDataChannel("closing");
        Assert.True(p.Run(() => p.ServerReceived.Count == 1));
        DataChannel b = p.ServerReceived[0];
        var atB = Collect(b);
        var events = new List<string>();
        a.Closing += _ => events.Add("a closing");
        a.Closed += _ => events.Add("a closed");
        b.Closing += _ => events.Add("b closing");
        b.Closed += _ => events.Add("b closed");
        for (int i = 0; i < 10; i++)
        {
            a.Send($"last words {i}");
        }

        a.Close();
        Assert.Equal(DataChannelState.Closing, a.State);
        Assert.Equal(SctpSendStatus.NotConnected, a.Send("after close"));
        Assert.True(p.Run(() => a.State == DataChannelState.Closed && b.State == DataChannelState.Closed, 60));
        Assert.Equal(10, atB.Count); // queued data is delivered before the reset
        Assert.Equal(4, events.Count);
        Assert.Equal("a closing", events[0]);
        Assert.True(events.IndexOf("b closing") < events.IndexOf("b closed"));
        Assert.Contains("a closed", events);
        Assert.Equal(SctpAssociationState.Established, p.Sim.A.State);
        Assert.Empty(p.Client.Channels);
        Assert.Empty(p.Server.Channels);

        DataChannel again = p.Client.CreateDataChannel("again");
        Assert.Equal(a.Id, again.Id);
        Assert.True(p.Run(() => p.ServerReceived.Count == 2));
        var atB2 = Collect(p.ServerReceived[1]);
        again.Send("reborn");
        Assert.True(p.Run(() => atB2.Count == 1));
    }

    [Fact]
    public void BufferedAmount_AndLowThresholdEvent()
    {
        Pair p = Connect(new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(50) });
        DataChannel a = p.Client.CreateDataChannel("bulk");
        a.BufferedAmountLowThreshold = 64 * 1024;
        int low = 0;
        a.BufferedAmountLow += _ => low++;
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(SctpSendStatus.Success, a.Send(new byte[64 * 1024]));
        }

        Assert.True(a.BufferedAmount > 1_000_000);
        Assert.True(p.Run(() => low > 0));
        Assert.True(a.BufferedAmount <= 64 * 1024);
    }

    [Fact]
    public void Abort_ClosesEveryChannelWithAnError()
    {
        Pair p = Connect();
        DataChannel a = p.Client.CreateDataChannel("x");
        Assert.True(p.Run(() => p.ServerReceived.Count == 1));
        string? error = null;
        p.ServerReceived[0].Error += (_, e) => error = e;
        p.Sim.A.Abort("bye", p.Sim.Now);
        Assert.True(p.Run(() => p.ServerReceived[0].State == DataChannelState.Closed));
        Assert.Equal(DataChannelState.Closed, a.State);
        Assert.Contains("bye", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DcepOpen_RoundTrips_AndGarbageIsRejected()
    {
        var open = new DcepOpenMessage(DataChannelType.PartialReliableTimedUnordered, 1024, 3000, "läbel", "proto");
        Assert.True(DcepOpenMessage.TryParse(open.ToArray(), out DcepOpenMessage? parsed));
        Assert.Equal(open, parsed);
        Assert.False(parsed!.Ordered);
        Assert.False(DcepOpenMessage.TryParse([3, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0], out _)); // label longer than the message
        Assert.False(DcepOpenMessage.TryParse([3, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], out _)); // unknown channel type
    }
}
