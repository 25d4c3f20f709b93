using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Sctp.Tests;

/// <summary>I-DATA / I-FORWARD-TSN (RFC 8260) when both sides enable message interleaving.</summary>
public sealed class SctpInterleavingTests
{
    private static readonly SctpOptions Interleaving = new() { EnableMessageInterleaving = true };

    private static long IndexOf(byte[] data) => BitConverter.ToInt64(data, 0);

    [Fact]
    public void Negotiated_OnlyWhenBothOffer_AndIDataIsOnTheWire()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, options: Interleaving);
        Assert.True(sim.A.Metrics.MessageInterleaving);
        Assert.True(sim.B.Metrics.MessageInterleaving);
        int idata = 0;
        int data = 0;
        sim.Filter = (fromA, p) =>
        {
            if (fromA)
            {
                idata += p.Length > 12 && p[12] == (byte)ChunkType.IData ? 1 : 0;
                data += p.Length > 12 && p[12] == (byte)ChunkType.Data ? 1 : 0;
            }

            return true;
        };
        sim.A.Send(1, 53, Payloads.Create(0, 5000), default, sim.Now);
        Assert.True(sim.RunUntil(() => b.Messages.Count == 1, TimeSpan.FromSeconds(10)));
        Assert.True(Payloads.Check(b.Messages[0].Data, 0));
        Assert.True(idata > 0);
        Assert.Equal(0, data);

        var c = new RecordingHandler();
        var d = new RecordingHandler();
        var env = SimulationFactory.Environment(2);
        var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(5) };
        var mixed = new SctpPairSimulation(env, Interleaving, c, new SctpOptions(), d, link, link, 2);
        mixed.A.Connect(mixed.Now);
        Assert.True(mixed.RunUntil(() => c.Connected == 1 && d.Connected == 1, TimeSpan.FromSeconds(10)));
        Assert.False(mixed.A.Metrics.MessageInterleaving);
    }

    [Fact]
    public void LossyMixedStreams_OrderedArriveInOrder_UnorderedAllArrive()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(30), Loss = 0.1, Reordering = 0.1, Duplication = 0.05 };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, link, seed: 17, options: Interleaving);
        const int perStream = 60;
        for (int i = 0; i < perStream; i++)
        {
            sim.A.Send(1, 53, Payloads.Create(i, 3000 + (i * 97 % 5000)), default, sim.Now);
            sim.A.Send(2, 53, Payloads.Create(i, 900), default, sim.Now);
            sim.A.Send(3, 53, Payloads.Create(i, 2500), new SctpSendOptions { Unordered = true }, sim.Now);
        }

        Assert.True(sim.RunUntil(() => b.Messages.Count == 3 * perStream, TimeSpan.FromMinutes(10)));
        Assert.All(b.Messages, m => Assert.True(Payloads.Check(m.Data, IndexOf(m.Data))));
        Assert.Equal(Enumerable.Range(0, perStream).Select(i => (long)i), b.Messages.Where(m => m.Stream == 1).Select(m => IndexOf(m.Data)));
        Assert.Equal(Enumerable.Range(0, perStream).Select(i => (long)i), b.Messages.Where(m => m.Stream == 2).Select(m => IndexOf(m.Data)));
        Assert.Equal(Enumerable.Range(0, perStream).Select(i => (long)i), b.Messages.Where(m => m.Stream == 3).Select(m => IndexOf(m.Data)).Order());
    }

    [Fact]
    public void PartialReliability_UsesIForwardTsn_AndTheStreamMovesOn()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        var link = new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(30), Loss = 0.2 };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, link, seed: 19, options: Interleaving);
        int forwards = 0;
        sim.Filter = (fromA, p) =>
        {
            for (int o = 12; fromA && o + 4 <= p.Length;)
            {
                forwards += p[o] == (byte)ChunkType.IForwardTsn ? 1 : 0;
                int len = (p[o + 2] << 8) | p[o + 3];
                o += Math.Max(4, (len + 3) & ~3);
            }

            return true;
        };
        const int count = 200;
        for (int i = 0; i < count; i++)
        {
            sim.A.Send(4, 53, Payloads.Create(i, i % 3 == 0 ? 2500 : 600), new SctpSendOptions { MaxRetransmits = 0 }, sim.Now);
        }

        sim.RunUntil(() => false, sim.Now + TimeSpan.FromSeconds(20));
        long[] got = b.Messages.Select(m => IndexOf(m.Data)).ToArray();
        Assert.True(got.Length < count);
        Assert.Equal(got.Order(), got);
        Assert.Equal(got.Distinct().Count(), got.Length);
        Assert.True(forwards > 0);
        Assert.Equal(0, sim.A.Metrics.RetransmittedChunks);

        sim.A.Send(4, 53, Payloads.Create(count, 100), default, sim.Now);
        Assert.True(sim.RunUntil(() => b.Messages.Count > 0 && IndexOf(b.Messages[^1].Data) == count, sim.Now + TimeSpan.FromMinutes(1)));
    }
}
