using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>TURN channels (RFC 8656 §12) on the relay port, against the in-test relay on the VirtualNetwork.</summary>
public sealed class TurnChannelTests(ITestOutputHelper output)
{
    private static (IceTestBed Bed, IcePeer A, IcePeer B) ConnectRelayOnly(bool rejectChannelBind = false)
    {
        var bed = new IceTestBed();
        bed.AddTurnServer().RejectChannelBind = rejectChannelBind;
        var allocator = IceTestBed.Allocator(turn: bed.TurnConfig, relayOnly: true);
        var a = new IcePeer("a", bed.AddHost("a", NatType.Symmetric, 1), IceRole.Controlling, allocator: allocator);
        var b = new IcePeer("b", bed.AddHost("b", NatType.Symmetric, 2), IceRole.Controlled, allocator: allocator);
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();
        bed.RunUntil(() => a.Channel.IsWritable && b.Channel.IsWritable, TimeSpan.FromSeconds(5));
        Assert.True(a.Channel.IsWritable && b.Channel.IsWritable, "relay-only agents did not connect");
        Assert.Equal((CandidateType.Relay, CandidateType.Relay), (IceTestBed.LocalType(a), IceTestBed.RemoteType(a)));
        bed.Run(TimeSpan.FromMilliseconds(500)); // permissions, then the channel binds
        return (bed, a, b);
    }

    private static int SendBurst(IceTestBed bed, IcePeer from, IcePeer to, int count, int size)
    {
        int before = to.Received.Count;
        for (int i = 0; i < count; i++)
        {
            byte[] packet = new byte[size];
            packet[0] = 0x80; // RTP range: handed up, not taken for STUN
            packet[1] = (byte)i;
            Assert.True(from.Channel.Send(packet));
        }

        bed.Run(TimeSpan.FromMilliseconds(50));
        return to.Received.Count - before;
    }

    [Fact]
    public void BoundChannel_CarriesDataAsChannelData_WithFourByteHeader()
    {
        (IceTestBed bed, IcePeer a, IcePeer b) = ConnectRelayOnly();
        using (bed)
        {
            TestTurnServer turn = bed.Turn!;
            Assert.Equal(2, turn.ChannelBinds); // one channel per side, each to the other's relayed address
            int indications = turn.IndicationsFromClient;
            int channelData = turn.ChannelDataFromClient;

            int received = SendBurst(bed, a, b, 100, 100);

            Assert.Equal(100, received);
            Assert.Equal(indications, turn.IndicationsFromClient);
            Assert.Equal(channelData + 100, turn.ChannelDataFromClient);
            Assert.True(turn.ChannelDataToClient >= 100, $"peer → client ChannelData {turn.ChannelDataToClient}");
            Assert.Equal(0, turn.UnboundChannelData);

            // 301-byte datagrams travel as 305-byte ChannelData (4-byte header, no padding on UDP), not 337-byte indications.
            Assert.Equal(100, SendBurst(bed, b, a, 100, 301));
            Assert.Equal(100, turn.ChannelDataLengthsFromClient.Count(l => l == 305));
            Assert.DoesNotContain(337, turn.ChannelDataLengthsFromClient);
            output.WriteLine($"channel binds {turn.ChannelBinds}, ChannelData {turn.ChannelDataFromClient}, indications {turn.IndicationsFromClient} ({turn.IndicationBytesFromClient} B)");
        }
    }

    [Fact]
    public void ChannelBindings_AreRefreshedBeforeTheyExpire()
    {
        (IceTestBed bed, IcePeer a, IcePeer b) = ConnectRelayOnly();
        using (bed)
        {
            TestTurnServer turn = bed.Turn!;
            bed.Run(TimeSpan.FromMinutes(25), TimeSpan.FromMilliseconds(50));

            // Bound at ~0, refreshed at 9 and 18 minutes on each side; the relay drops ChannelData on an expired binding.
            Assert.True(turn.ChannelBinds >= 6, $"ChannelBind requests {turn.ChannelBinds}");
            Assert.Equal(0, turn.UnboundChannelData);
            Assert.True(a.Channel.IsWritable && b.Channel.IsWritable, "consent lost over the relay");
            int channelData = turn.ChannelDataFromClient;
            Assert.Equal(10, SendBurst(bed, a, b, 10, 200));
            Assert.Equal(channelData + 10, turn.ChannelDataFromClient);
        }
    }

    [Fact]
    public void ChannelBindRejected_FallsBackToSendIndications()
    {
        (IceTestBed bed, IcePeer a, IcePeer b) = ConnectRelayOnly(rejectChannelBind: true);
        using (bed)
        {
            TestTurnServer turn = bed.Turn!;
            int indications = turn.IndicationsFromClient;

            Assert.Equal(20, SendBurst(bed, a, b, 20, 100));

            Assert.Equal(0, turn.ChannelBinds);
            Assert.Equal(0, turn.ChannelDataFromClient);
            Assert.True(turn.IndicationsFromClient >= indications + 20);
        }
    }

    [Fact]
    public void MalformedOrUnknownChannelData_IsDroppedAndCounted()
    {
        (IceTestBed bed, IcePeer a, IcePeer b) = ConnectRelayOnly();
        using (bed)
        {
            TurnPort port = a.Channel.Ports.OfType<TurnPort>().Single();
            Assert.Equal(1, port.BoundChannelCount);
            long dropped = port.PacketsDropped;
            int received = a.Received.Count;

            bed.Turn!.SendToClients([0x40, 0x00, 0x00, 0x08, 0x80, 1]);       // length says 8, 2 bytes follow
            bed.Turn.SendToClients([0x4F, 0xFF, 0x00, 0x02, 0x80, 1]);        // a channel nobody bound
            bed.Turn.SendToClients([0x40, 0x00, 0x00, 0x01, 0x80, 0, 0, 0, 0]); // more than the 4-byte padding
            bed.Run(TimeSpan.FromMilliseconds(50));

            Assert.Equal(dropped + 3, port.PacketsDropped);
            Assert.Equal(received, a.Received.Count);
            Assert.Equal(10, SendBurst(bed, b, a, 10, 100));
            Assert.True(a.Channel.IsWritable && b.Channel.IsWritable);
        }
    }
}
