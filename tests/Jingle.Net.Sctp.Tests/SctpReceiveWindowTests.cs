using System.Buffers.Binary;
using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Sctp.Tests;

/// <summary>
/// The advertised receiver window (RFC 9260 §6.2.1) counts messages delivered but not yet consumed by the application
/// (SctpAssociation.HoldReceivedBytes / ReleaseReceivedBytes): a slow consumer closes the window and the sender stops
/// without loss; consuming reopens it with a window update.
/// </summary>
public sealed class SctpReceiveWindowTests
{
    private const int Window = 64 * 1024;
    private const int MessageSize = 2000;

    [Fact]
    public void HeldMessages_CloseTheWindow_SenderStopsWithoutLoss_ReleaseResumes()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        var options = new SctpOptions { MaxReceiverWindow = Window };
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, options: options);
        var held = new Queue<int>();
        b.OnMessage = (_, _, data) =>
        {
            sim.B.HoldReceivedBytes(data.Length);
            held.Enqueue(data.Length);
        };
        var advertised = new List<(uint Window, long Held)>();
        sim.Filter = (fromA, p) =>
        {
            if (!fromA && p[12] == 3)
            {
                advertised.Add((BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(20)), sim.B.HeldReceivedBytes));
            }

            return true;
        };

        const int Messages = 100; // 200 KB: three times the window
        for (int i = 0; i < Messages; i++)
        {
            Assert.Equal(SctpSendStatus.Success, sim.A.Send(1, 53, Payloads.Create(i, MessageSize), default, sim.Now));
        }

        sim.RunUntil(() => false, sim.Now + TimeSpan.FromSeconds(5));
        long stalledAt = b.BytesReceived;
        Assert.True(stalledAt <= Window, $"received {stalledAt} B with a {Window} B window and nothing consumed");
        Assert.True(stalledAt >= Window - (2 * MessageSize), $"only {stalledAt} B arrived before the window closed");
        Assert.Equal(stalledAt, sim.B.HeldReceivedBytes);
        Assert.True(sim.A.Metrics.PeerReceiverWindow < MessageSize);
        Assert.All(advertised, x => Assert.True(x.Window <= Window - x.Held, $"advertised {x.Window} while holding {x.Held}"));
        Assert.Equal(0, sim.A.Metrics.RetransmittedChunks - sim.A.Metrics.T3Expirations); // no fast retransmits: nothing lost
        Assert.Equal(0, sim.A.Metrics.FastRetransmits);

        // The application catches up: consuming opens the window (a window update goes out) and the rest arrives.
        b.OnMessage = null;
        while (held.Count > 0)
        {
            sim.B.ReleaseReceivedBytes(held.Dequeue());
        }

        int sacksBefore = advertised.Count;
        sim.Flush();
        Assert.True(advertised.Count > sacksBefore, "no window update after the window reopened");
        Assert.True(advertised[^1].Window >= Window - MessageSize, $"window update advertised {advertised[^1].Window}"); // less the fragments held
        Assert.True(sim.RunUntil(() => b.MessageCount == Messages, sim.Now + TimeSpan.FromSeconds(30)));
        for (int i = 0; i < Messages; i++)
        {
            Assert.Equal(Payloads.Create(i, MessageSize), b.Messages[i].Data);
        }
        Assert.Equal(0, sim.B.HeldReceivedBytes);
    }

    [Fact]
    public void ReleaseOfASmallAmount_SendsNoWindowUpdate()
    {
        var a = new RecordingHandler();
        var b = new RecordingHandler();
        SctpPairSimulation sim = SimulationFactory.Connected(a, b, options: new SctpOptions { MaxReceiverWindow = Window });
        sim.B.HoldReceivedBytes(1000);
        int packets = 0;
        sim.Filter = (fromA, _) =>
        {
            packets += fromA ? 0 : 1;
            return true;
        };
        sim.B.ReleaseReceivedBytes(1000); // the last advertised window was the full one: nothing to announce
        sim.Flush();
        Assert.Equal(0, packets);
        Assert.Equal(0, sim.B.HeldReceivedBytes);
    }
}
