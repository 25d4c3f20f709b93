using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Sctp.Tests;

public sealed class SctpAssociationHandshakeTests
{
    private static ChunkType FirstChunk(ReadOnlyMemory<byte> packet) => (ChunkType)packet.Span[12];

    [Fact]
    public void LostInit_IsRetransmittedByT1Init()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Create(a, b);
        int inits = 0;
        sim.Filter = (fromA, packet) => !(fromA && FirstChunk(packet) == ChunkType.Init && ++inits == 1);
        sim.A.Connect(sim.Now);
        Assert.True(sim.RunUntil(() => a.Connected == 1 && b.Connected == 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(2, inits);
        // T1-init is 1 s: the handshake finished after the retransmission, not before.
        Assert.True(sim.Now >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void LostCookieEcho_IsRetransmittedByT1Cookie()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Create(a, b);
        int echoes = 0;
        sim.Filter = (fromA, packet) => !(fromA && FirstChunk(packet) == ChunkType.CookieEcho && ++echoes == 1);
        sim.A.Connect(sim.Now);
        Assert.True(sim.RunUntil(() => a.Connected == 1 && b.Connected == 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(2, echoes);
    }

    [Fact]
    public void LostCookieAck_DuplicateCookieEchoIsAnsweredWithoutRestart()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Create(a, b);
        int acks = 0;
        sim.Filter = (fromA, packet) => !(!fromA && FirstChunk(packet) == ChunkType.CookieAck && ++acks == 1);
        sim.A.Connect(sim.Now);
        Assert.True(sim.RunUntil(() => a.Connected == 1 && b.Connected == 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(2, acks);
        Assert.Equal(0, b.Restarted);
        Assert.Equal(1, b.Connected);
    }

    [Fact]
    public void UnansweredInit_GivesUpAfterMaxInitRetransmissions()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Create(a, b, options: new SctpOptions { MaxInitRetransmissions = 3 });
        int inits = 0;
        sim.Filter = (fromA, packet) => !(fromA && FirstChunk(packet) == ChunkType.Init && ++inits > 0);
        sim.A.Connect(sim.Now);
        sim.RunUntil(() => a.Aborts.Count > 0, TimeSpan.FromMinutes(5));
        Assert.Single(a.Aborts);
        Assert.Equal(4, inits);
        Assert.Equal(SctpAssociationState.Closed, sim.A.State);
        Assert.Equal(TimeSpan.MaxValue, sim.A.NextTimeout);
    }

    [Fact]
    public void SimultaneousConnect_BothEstablish()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Create(a, b);
        sim.A.Connect(sim.Now);
        sim.B.Connect(sim.Now);
        Assert.True(sim.RunUntil(() => a.Connected == 1 && b.Connected == 1, TimeSpan.FromSeconds(30)));
        sim.A.Send(3, 51, "x"u8, default, sim.Now);
        sim.B.Send(4, 51, "y"u8, default, sim.Now);
        Assert.True(sim.RunUntil(() => a.Messages.Count == 1 && b.Messages.Count == 1, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Abort_ThenReconnect_Works()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b);
        sim.A.Abort("test", sim.Now);
        Assert.True(sim.RunUntil(() => b.Aborts.Count == 1, TimeSpan.FromSeconds(10)));
        Assert.Contains("test", b.Aborts[0], StringComparison.Ordinal);
        Assert.Equal(SctpAssociationState.Closed, sim.A.State);
        Assert.Equal(SctpAssociationState.Closed, sim.B.State);
        Assert.Equal(SctpSendStatus.NotConnected, sim.A.Send(1, 51, "x"u8, default, sim.Now));

        sim.A.Connect(sim.Now);
        Assert.True(sim.RunUntil(() => a.Connected == 2 && b.Connected == 2, TimeSpan.FromSeconds(30)));
        sim.A.Send(1, 51, "again"u8, default, sim.Now);
        Assert.True(sim.RunUntil(() => b.Messages.Count == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal("again"u8.ToArray(), b.Messages[0].Data);
    }

    [Fact]
    public void PeerRestart_IsDetected_AndDataFlowsAfterwards()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b);
        sim.A.Send(1, 51, "before"u8, default, sim.Now);
        Assert.True(sim.RunUntil(() => b.Messages.Count == 1, TimeSpan.FromSeconds(10)));

        // A loses its state silently (a crash) and connects again: B sees a restart (RFC 9260 §5.2.4).
        var a2 = new RecordingHandler();
        sim.ReplaceA(new SctpOptions(), a2);
        sim.A.Connect(sim.Now);
        Assert.True(sim.RunUntil(() => a2.Connected == 1 && b.Restarted == 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(SctpAssociationState.Established, sim.B.State);
        sim.A.Send(1, 51, "after"u8, default, sim.Now);
        Assert.True(sim.RunUntil(() => b.Messages.Count == 2, TimeSpan.FromSeconds(10)));
        Assert.Equal("after"u8.ToArray(), b.Messages[1].Data);
    }

    [Fact]
    public void GracefulShutdown_DeliversQueuedDataThenCloses()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler { CountOnly = true };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(20), Loss = 0.05 }, seed: 3);
        for (int i = 0; i < 100; i++)
        {
            sim.A.Send(0, 53, Payloads.Create(i, 3000), default, sim.Now);
        }

        sim.A.Shutdown(sim.Now);
        Assert.True(sim.RunUntil(() => a.Closed == 1 && b.Closed == 1, TimeSpan.FromMinutes(5)));
        Assert.Equal(100, b.MessageCount);
        Assert.Null(b.IntegrityError);
        Assert.Equal(SctpAssociationState.Closed, sim.A.State);
        Assert.Equal(TimeSpan.MaxValue, sim.A.NextTimeout);
        Assert.Equal(TimeSpan.MaxValue, sim.B.NextTimeout);
    }

    [Fact]
    public void LostShutdownComplete_PeerClosesThroughOutOfTheBlueAnswer()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b);
        int completes = 0;
        sim.Filter = (fromA, packet) => !(fromA && FirstChunk(packet) == ChunkType.ShutdownComplete && ++completes == 1);
        sim.A.Shutdown(sim.Now);
        Assert.True(sim.RunUntil(() => a.Closed == 1 && b.Closed == 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(2, completes); // the second one answers B's retransmitted SHUTDOWN ACK, with the T bit
        Assert.Equal(TimeSpan.MaxValue, sim.B.NextTimeout);
    }
}
