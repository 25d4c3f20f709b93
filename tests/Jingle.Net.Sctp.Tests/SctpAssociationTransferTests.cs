using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Sctp.Tests;

public sealed class SctpAssociationTransferTests
{
    [Fact]
    public void Handshake_Completes_AndSmallMessageArrives()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b);
        Assert.Equal(SctpAssociationState.Established, sim.A.State);
        Assert.Equal(SctpAssociationState.Established, sim.B.State);

        Assert.Equal(SctpSendStatus.Success, sim.A.Send(1, 53, "hello"u8, default, sim.Now));
        Assert.True(sim.RunUntil(() => b.Messages.Count == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal("hello"u8.ToArray(), b.Messages[0].Data);
        Assert.Equal((ushort)1, b.Messages[0].Stream);
        Assert.Equal(53u, b.Messages[0].Ppid);
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0, 64 * 1024)]
    [InlineData(0.1, 0.05, 0.1, 64 * 1024)]
    [InlineData(0.1, 0.05, 0.1, 1000)]
    public void Transfer_ArrivesIntactAndInOrder(double loss, double dup, double reorder, int messageSize)
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler { CountOnly = true };
        var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(50), Loss = loss, Duplication = dup, Reordering = reorder };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, link, seed: 7);
        const long total = 2 * 1024 * 1024;
        int count = (int)(total / messageSize);
        int sent = 0;
        sim.BeforeStep = () =>
        {
            while (sent < count && sim.A.TotalBufferedAmount < 512 * 1024)
            {
                Assert.Equal(SctpSendStatus.Success, sim.A.Send(0, 53, Payloads.Create(sent, messageSize), default, sim.Now));
                sent++;
            }
        };
        Assert.True(sim.RunUntil(() => b.MessageCount == count, TimeSpan.FromHours(1)), $"received {b.MessageCount}/{count}");
        Assert.Null(b.IntegrityError);
        Assert.Equal((long)count * messageSize, b.BytesReceived);
    }
}
