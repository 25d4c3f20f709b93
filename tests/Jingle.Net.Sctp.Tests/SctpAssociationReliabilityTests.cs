using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Sctp.Tests;

public sealed class SctpAssociationReliabilityTests
{
    private static readonly SimulatedLinkOptions Lossy = new()
    {
        Delay = TimeSpan.FromMilliseconds(40),
        Loss = 0.2,
        Reordering = 0.2,
        ReorderDelay = TimeSpan.FromMilliseconds(30),
    };

    private static long IndexOf(byte[] data) => BitConverter.ToInt64(data, 0);

    [Fact]
    public void Unordered_Reliable_DeliversEveryMessageExactlyOnce()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, Lossy, seed: 21);
        const int count = 400;
        for (int i = 0; i < count; i++)
        {
            sim.A.Send(2, 53, Payloads.Create(i, i % 3 == 0 ? 3000 : 500), new SctpSendOptions { Unordered = true }, sim.Now);
        }

        Assert.True(sim.RunUntil(() => b.Messages.Count == count, TimeSpan.FromMinutes(10)));
        long[] indices = b.Messages.Select(m => IndexOf(m.Data)).ToArray();
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), indices.Order());
        Assert.All(b.Messages, m => Assert.True(Payloads.Check(m.Data, IndexOf(m.Data))));
        Assert.False(indices.SequenceEqual(indices.Order()), "with 20% loss unordered delivery should overtake somewhere");
    }

    [Fact]
    public void MaxRetransmitsZero_NeverRetransmits_DeliversSubsetInOrder_AndKeepsWorking()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, Lossy, seed: 22);
        const int count = 300;
        for (int i = 0; i < count; i++)
        {
            sim.A.Send(4, 53, Payloads.Create(i, i % 4 == 0 ? 2500 : 400), new SctpSendOptions { MaxRetransmits = 0 }, sim.Now);
        }

        sim.RunUntil(() => false, sim.Now + TimeSpan.FromSeconds(20)); // run until the link is quiet
        Assert.Equal(0, sim.A.Metrics.RetransmittedChunks);
        long[] indices = b.Messages.Select(m => IndexOf(m.Data)).ToArray();
        Assert.True(indices.Length < count, "20% loss without retransmission must lose messages");
        Assert.True(indices.Length > count / 2);
        Assert.Equal(indices.Order(), indices); // ordered channel: in order, no duplicates
        Assert.Equal(indices.Distinct().Count(), indices.Length);
        Assert.All(b.Messages, m => Assert.True(Payloads.Check(m.Data, IndexOf(m.Data))));

        // FORWARD-TSN moved the receiver past the holes: a reliable message still gets through, in order.
        sim.A.Send(4, 53, Payloads.Create(count, 100), default, sim.Now);
        Assert.True(sim.RunUntil(() => b.Messages.Count > 0 && IndexOf(b.Messages[^1].Data) == count, TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void Lifetime_AbandonsStaleMessages_AndDeliversNoneTwice()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, Lossy, seed: 23);
        const int count = 300;
        for (int i = 0; i < count; i++)
        {
            sim.A.Send(6, 53, Payloads.Create(i, 800), new SctpSendOptions { Lifetime = TimeSpan.FromMilliseconds(150), Unordered = true }, sim.Now);
        }

        sim.RunUntil(() => false, sim.Now + TimeSpan.FromSeconds(20));
        long[] indices = b.Messages.Select(m => IndexOf(m.Data)).ToArray();
        Assert.True(indices.Length < count);
        Assert.Equal(indices.Distinct().Count(), indices.Length);
        Assert.All(b.Messages, m => Assert.True(Payloads.Check(m.Data, IndexOf(m.Data))));
        Assert.Equal(0, sim.A.TotalBufferedAmount);

        sim.A.Send(6, 53, Payloads.Create(count, 100), default, sim.Now);
        Assert.True(sim.RunUntil(() => IndexOf(b.Messages[^1].Data) == count, sim.Now + TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void SendBuffer_IsBounded_Backpressure()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler { CountOnly = true };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, options: new SctpOptions { MaxSendBufferSize = 1024 * 1024 });
        sim.A.SetBufferedAmountLowThreshold(0, 256 * 1024);
        int accepted = 0;
        while (sim.A.Send(0, 53, Payloads.Create(accepted, 64 * 1024), default, sim.Now) == SctpSendStatus.Success)
        {
            accepted++;
        }

        Assert.Equal(16, accepted);
        Assert.Equal(SctpSendStatus.BufferFull, sim.A.Send(0, 53, new byte[10], default, sim.Now));
        Assert.Equal(SctpSendStatus.MessageTooLarge, sim.A.Send(0, 53, new byte[300 * 1024], default, sim.Now));
        Assert.Equal(SctpSendStatus.EmptyMessage, sim.A.Send(0, 53, [], default, sim.Now));
        Assert.True(sim.RunUntil(() => a.BufferedAmountLow.Count > 0, TimeSpan.FromMinutes(1)));
        Assert.True(sim.A.GetBufferedAmount(0) <= 256 * 1024);
        Assert.True(sim.RunUntil(() => b.MessageCount == accepted, TimeSpan.FromMinutes(1)));
        Assert.Null(b.IntegrityError);
    }

    [Fact]
    public void StreamReset_RestartsSequenceNumbers_BothSidesNotified()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(10), Loss = 0.1 }, seed: 5);
        for (int i = 0; i < 20; i++)
        {
            sim.A.Send(8, 51, Payloads.Create(i, 2000), default, sim.Now);
        }

        Assert.True(sim.A.ResetStreams([8], sim.Now));
        Assert.True(sim.RunUntil(() => a.ResetsPerformed.Count == 1 && b.IncomingResets.Count == 1, TimeSpan.FromMinutes(1)));
        Assert.Equal(20, b.Messages.Count); // everything queued before the reset arrives first
        Assert.Equal((ushort)8, b.IncomingResets[0]);

        // After the reset, SSN 0 again: the receiver accepts it as the next message.
        sim.A.Send(8, 51, "fresh"u8, default, sim.Now);
        Assert.True(sim.RunUntil(() => b.Messages.Count == 21, TimeSpan.FromMinutes(1)));
        Assert.Equal("fresh"u8.ToArray(), b.Messages[20].Data);
    }

    [Fact]
    public void ZeroChecksum_NegotiatedWhenBothEnable()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, options: new SctpOptions { EnableZeroChecksum = true });
        Assert.True(sim.A.Metrics.UsesZeroChecksum);
        Assert.True(sim.B.Metrics.UsesZeroChecksum);
        int zero = 0;
        sim.Filter = (_, p) =>
        {
            if (p[8] == 0 && p[9] == 0 && p[10] == 0 && p[11] == 0)
            {
                zero++;
            }

            return true;
        };
        sim.A.Send(1, 51, "z"u8, default, sim.Now);
        Assert.True(sim.RunUntil(() => b.Messages.Count == 1, TimeSpan.FromSeconds(5)));
        Assert.True(zero > 0);

        var c = new RecordingHandler();
        var d = new RecordingHandler();
        SctpPairSimulation plain = SimulationFactory.Connected(c, d);
        Assert.False(plain.A.Metrics.UsesZeroChecksum);
    }
}
