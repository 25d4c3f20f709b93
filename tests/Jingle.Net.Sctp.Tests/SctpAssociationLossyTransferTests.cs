using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Sctp.Tests;

public sealed class SctpAssociationLossyTransferTests
{
    /// <summary>The acceptance case: 16 MiB, 10% loss, 5% duplication, 10% reordering, 100 ms RTT.</summary>
    [Theory]
    [InlineData(64 * 1024, 11)]
    [InlineData(1024, 12)]
    public void SixteenMiB_UnderLossDuplicationReordering_ArrivesIntactAndInOrder(int messageSize, int seed)
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler { CountOnly = true };
        var link = new SimulatedLinkOptions
        {
            Delay = TimeSpan.FromMilliseconds(50),
            Loss = 0.10,
            Duplication = 0.05,
            Reordering = 0.10,
        };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, link, seed);
        const long total = 16 * 1024 * 1024;
        int count = (int)(total / messageSize);
        int sent = 0;
        sim.BeforeStep = () =>
        {
            while (sent < count && sim.A.TotalBufferedAmount < 1024 * 1024)
            {
                Assert.Equal(SctpSendStatus.Success, sim.A.Send(0, 53, Payloads.Create(sent, messageSize), default, sim.Now));
                sent++;
            }
        };

        Assert.True(sim.RunUntil(() => b.MessageCount == count, TimeSpan.FromHours(2)), $"received {b.MessageCount}/{count}");
        Assert.Null(b.IntegrityError);
        Assert.Equal(total, b.BytesReceived);
        SctpAssociationMetrics m = sim.A.Metrics;
        Assert.True(m.RetransmittedChunks > 0, "10% loss must cause retransmissions");
        Assert.True(sim.B.Metrics.DuplicateTsnsReceived > 0, "duplication must be detected");
        Assert.True(sim.PacketsDuplicated > 0);

        // Everything acknowledged: both sides go quiet apart from the heartbeat.
        sim.BeforeStep = null;
        sim.RunUntil(() => !sim.A.Metrics.Equals(default) && sim.InFlight == 0 && sim.A.NextTimeout > sim.Now + TimeSpan.FromSeconds(5), TimeSpan.FromHours(3));
        Assert.Equal(0, sim.A.TotalBufferedAmount);
    }
}
