using System.Net;
using System.Text;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Transport;
using Jingle.Net.Sctp.DataChannels;
using Jingle.Net.Sctp.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Sctp.Tests;

/// <summary>The driver over real IPacketTransports on a FakeTimeProvider: in-memory pairs and the VirtualNetwork.</summary>
public sealed class SctpTransportTests
{
    private static void AdvanceUntil(FakeTimeProvider time, Func<bool> done, TimeSpan limit, TimeSpan step)
    {
        TimeSpan waited = TimeSpan.Zero;
        while (!done() && waited < limit)
        {
            time.Advance(step);
            waited += step;
        }

        Assert.True(done(), $"not done after {waited}");
    }

    [Fact]
    public void InMemoryPair_WithDelayAndLoss_DataChannelsWork_AndTimersDrainAfterClose()
    {
        var time = new FakeTimeProvider();
        JingleEnvironment env = JingleEnvironment.CreateDefault() with { TimeProvider = time, Random = RandomSource.CreateSeeded(4) };
        var pair = new PacketTransportPair(new PacketTransportPairOptions
        {
            TimeProvider = time,
            Delay = TimeSpan.FromMilliseconds(20),
            LossRate = 0.05,
            Random = RandomSource.CreateSeeded(5),
        });
        var client = new DataChannelManager(env, isDtlsClient: true);
        var server = new DataChannelManager(env, isDtlsClient: false);
        using var a = new SctpTransport(env, pair.First, new SctpOptions(), client);
        using var b = new SctpTransport(env, pair.Second, new SctpOptions(), server);
        client.Attach(a.Association);
        server.Attach(b.Association);
        var opened = new List<DataChannel>();
        server.DataChannelReceived += opened.Add;

        a.Connect();
        DataChannel chat = client.CreateDataChannel("chat");
        AdvanceUntil(time, () => opened.Count == 1, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(5));
        var received = new List<string>();
        opened[0].MessageReceived += (DataChannel _, in DataChannelMessage m) => received.Add(m.GetText());
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(SctpSendStatus.Success, chat.Send($"message {i} " + new string('x', i * 10)));
        }

        AdvanceUntil(time, () => received.Count == 200, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(5));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"message {i} " + new string('x', i * 10)), received);

        a.Association.Shutdown(a.Now);
        AdvanceUntil(time, () => a.Association.State == SctpAssociationState.Closed && b.Association.State == SctpAssociationState.Closed,
            TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(5));
        Assert.Equal(DataChannelState.Closed, chat.State);
        Assert.Equal(TimeSpan.MaxValue, a.Association.NextTimeout);
        Assert.Equal(TimeSpan.MaxValue, b.Association.NextTimeout);
    }

    [Fact]
    public async Task VirtualNetwork_LossyLink_TransferArrivesInOrder()
    {
        var time = new FakeTimeProvider();
        using var network = new VirtualNetwork(time, seed: 11);
        VirtualHost hostA = network.AddHost("a", IPAddress.Parse("192.0.2.1"));
        VirtualHost hostB = network.AddHost("b", IPAddress.Parse("192.0.2.2"));
        var link = new LinkConditions { Delay = TimeSpan.FromMilliseconds(25), LossRate = 0.05, ReorderRate = 0.05, DuplicateRate = 0.02 };
        network.SetLinkConditions(hostA, link);
        network.SetLinkConditions(hostB, link);
        IUdpSocket socketA = hostA.BindUdp(new IPEndPoint(hostA.Address, 5000));
        IUdpSocket socketB = hostB.BindUdp(new IPEndPoint(hostB.Address, 5000));
        var transportA = new UdpPacketTransport(socketA, new IPEndPoint(hostB.Address, 5000));
        var transportB = new UdpPacketTransport(socketB, new IPEndPoint(hostA.Address, 5000));
        var handlerA = new RecordingHandler();
        var handlerB = new RecordingHandler { CountOnly = true };
        using var a = new SctpTransport(hostA.CreateEnvironment(), transportA, new SctpOptions(), handlerA);
        using var b = new SctpTransport(hostB.CreateEnvironment(), transportB, new SctpOptions(), handlerB);

        a.Connect();
        AdvanceUntil(time, () => handlerA.Connected == 1 && handlerB.Connected == 1, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(1));
        const int count = 300;
        int sent = 0;
        AdvanceUntil(time, () =>
        {
            while (sent < count && a.Association.TotalBufferedAmount < 256 * 1024)
            {
                a.Association.Send(1, 53, Payloads.Create(sent++, 4000), default, a.Now);
            }

            a.Association.TransmitRequested?.Invoke();
            return handlerB.MessageCount == count;
        }, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(1));
        Assert.Null(handlerB.IntegrityError);
        Assert.True(a.Association.Metrics.RetransmittedChunks > 0);
        await transportA.DisposeAsync();
        await transportB.DisposeAsync();
        Assert.Equal(0, hostA.UdpSocketCount);
    }
}
