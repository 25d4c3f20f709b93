using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Transport;
using Jingle.Net.Sctp.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Sctp.Tests;

/// <summary>
/// SctpTransport's SACK cadence for bursts of DATA packets handed over in one turn of its thread: one SACK per
/// <see cref="SctpOptions.MaxDataPacketsPerSack"/> packets and one at the end of the burst; gaps still answered at once.
/// </summary>
public sealed class SctpTransportSackCadenceTests
{
    private const byte Sack = 3;

    private sealed class CapturingTransport : IPacketTransport
    {
        public List<byte[]> Sent { get; } = [];

        public string TransportName => "capture";

        public bool IsWritable => true;

        public event Action<IPacketTransport>? WritableStateChanged
        {
            add { }
            remove { }
        }

        public event TransportPacketHandler? PacketReceived;

        public bool Send(ReadOnlySpan<byte> packet)
        {
            Sent.Add(packet.ToArray());
            return true;
        }

        public void Inject(byte[] packet) => PacketReceived?.Invoke(this, packet, 0);
    }

    private sealed class Fixture : IAsyncDisposable
    {
        private readonly byte[] _buffer = new byte[1200];
        private readonly FakeTimeProvider _time = new();
        private readonly TimeSpan _handshakeRtt;

        public Fixture(int maxDataPacketsPerSack, TimeSpan handshakeRtt = default)
        {
            _handshakeRtt = handshakeRtt;
            FakeTimeProvider time = _time;
            JingleEnvironment env = JingleEnvironment.CreateDefault() with { TimeProvider = time, Random = RandomSource.CreateSeeded(3) };
            Thread = new RtcThread("sack-cadence", time);
            Sender = new SctpAssociation(env, new SctpOptions { InitialCwndMtus = 64 }, SenderHandler, "sender");
            Wire = new CapturingTransport();
            Receiver = Thread.InvokeAsync(() => new SctpTransport(env, Wire, new SctpOptions { MaxDataPacketsPerSack = maxDataPacketsPerSack },
                ReceiverHandler, Thread)).GetAwaiter().GetResult();
        }

        public RtcThread Thread { get; }

        public SctpAssociation Sender { get; }

        public RecordingHandler SenderHandler { get; } = new();

        public RecordingHandler ReceiverHandler { get; } = new();

        public CapturingTransport Wire { get; }

        public SctpTransport Receiver { get; }

        public List<byte[]> DrainSender()
        {
            var packets = new List<byte[]>();
            while (Sender.TryPollTransmit(_buffer, TimeSpan.Zero, out int length))
            {
                packets.Add(_buffer.AsSpan(0, length).ToArray());
            }

            return packets;
        }

        public async Task ConnectAsync()
        {
            Sender.Connect(TimeSpan.Zero);
            for (int round = 0; round < 10 && (SenderHandler.Connected == 0 || ReceiverHandler.Connected == 0); round++)
            {
                if (round > 0)
                {
                    _time.Advance(_handshakeRtt); // the receiver measures its INIT ACK → COOKIE ECHO round trip
                }

                foreach (byte[] p in DrainSender())
                {
                    await Thread.InvokeAsync(() => Wire.Inject(p));
                }

                byte[][] answers = await Thread.InvokeAsync(() =>
                {
                    byte[][] sent = [.. Wire.Sent];
                    Wire.Sent.Clear();
                    return sent;
                });
                foreach (byte[] p in answers)
                {
                    Sender.HandlePacket(p, TimeSpan.Zero);
                }
            }

            Assert.Equal(1, SenderHandler.Connected);
            Assert.Equal(1, ReceiverHandler.Connected);
        }

        public List<byte[]> SendMessages(int count)
        {
            for (int i = 0; i < count; i++)
            {
                Assert.Equal(SctpSendStatus.Success, Sender.Send(1, 53, Payloads.Create(i, 1000), default, TimeSpan.Zero));
            }

            List<byte[]> packets = DrainSender();
            Assert.Equal(count, packets.Count);
            return packets;
        }

        public async ValueTask DisposeAsync()
        {
            await Thread.InvokeAsync(Receiver.Dispose);
            Thread.Dispose();
        }
    }

    private static List<uint> SackCumulativeTsns(IEnumerable<byte[]> packets) =>
        [.. packets.Where(p => p.Length >= 20 && p[12] == Sack).Select(p => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(16)))];

    /// <summary>Hands <paramref name="burst"/> over in one turn of the thread: SACKs sent during it, then all of them once the deferred flush ran.</summary>
    private static async Task<(int During, List<uint> Sacks)> InjectBurstAsync(Fixture f, List<byte[]> burst)
    {
        int during = await f.Thread.InvokeAsync(() =>
        {
            foreach (byte[] p in burst)
            {
                f.Wire.Inject(p);
            }

            return SackCumulativeTsns(f.Wire.Sent).Count;
        });
        return (during, await f.Thread.InvokeAsync(() => SackCumulativeTsns(f.Wire.Sent)));
    }

    private static uint DataTsn(byte[] packet) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(16));

    [Theory]
    [InlineData(2, 10, 10)]
    [InlineData(8, 2, 3)]
    [InlineData(64, 0, 1)]
    public async Task BurstInOneTurn_OneSackPerNPackets_PlusOneAtTheEnd(int n, int sacksDuringBurst, int sacksInAll)
    {
        await using var f = new Fixture(n);
        await f.ConnectAsync();
        await f.Thread.InvokeAsync(f.Wire.Sent.Clear);
        List<byte[]> burst = f.SendMessages(20);

        (int during, List<uint> sacks) = await InjectBurstAsync(f, burst);

        Assert.Equal(sacksDuringBurst, during);
        Assert.Equal(sacksInAll, sacks.Count);
        Assert.Equal(DataTsn(burst[^1]), sacks[^1]);
        for (int i = 0; i < sacks.Count - 1; i++)
        {
            Assert.Equal(DataTsn(burst[((i + 1) * n) - 1]), sacks[i]); // every n packets
        }

        Assert.Equal(20, f.ReceiverHandler.Messages.Count);
    }

    /// <summary>
    /// On a long path a SACK covering 8 packets would stretch an RFC 9260 sender's slow start (one MTU of growth per
    /// SACK): with a 50 ms handshake RTT the burst gets the RFC's SACK every second packet despite the option.
    /// </summary>
    [Theory]
    [InlineData(4, 2, 3)]
    [InlineData(50, 10, 10)]
    public async Task SackCoalescing_OnlyOnAShortPath(int handshakeRttMs, int sacksDuringBurst, int sacksInAll)
    {
        await using var f = new Fixture(8, TimeSpan.FromMilliseconds(handshakeRttMs));
        await f.ConnectAsync();
        await f.Thread.InvokeAsync(f.Wire.Sent.Clear);
        List<byte[]> burst = f.SendMessages(20);

        (int during, List<uint> sacks) = await InjectBurstAsync(f, burst);

        Assert.Equal((sacksDuringBurst, sacksInAll), (during, sacks.Count));
        Assert.Equal(DataTsn(burst[^1]), sacks[^1]);

        // A path change forgets the RTT: the RFC cadence until a HEARTBEAT measures the new path.
        await f.Thread.InvokeAsync(f.Receiver.OnPathChanged);
        await f.Thread.InvokeAsync(f.Wire.Sent.Clear);
        (int afterChange, _) = await InjectBurstAsync(f, f.SendMessages(8));
        Assert.Equal(4, afterChange);
        Assert.Equal(new SctpOptions().MaxReceiverWindow, f.Receiver.Association.Metrics.ReceiveWindow);
    }

    [Fact]
    public async Task GapInBurst_AnsweredAtOnce()
    {
        await using var f = new Fixture(16);
        await f.ConnectAsync();
        await f.Thread.InvokeAsync(f.Wire.Sent.Clear);
        List<byte[]> burst = f.SendMessages(8);
        burst.RemoveAt(2); // lost

        List<int> sacksAfterEach = await f.Thread.InvokeAsync(() =>
        {
            var counts = new List<int>();
            foreach (byte[] p in burst)
            {
                f.Wire.Inject(p);
                counts.Add(SackCumulativeTsns(f.Wire.Sent).Count);
            }

            return counts;
        });

        Assert.Equal(0, sacksAfterEach[1]);   // two in order: may wait for the end of the burst
        Assert.Equal(1, sacksAfterEach[2]);   // the first packet after the gap: SACK with a gap block at once
        Assert.Equal(sacksAfterEach.Count - 2, sacksAfterEach[^1]); // and for every later one while the gap lasts
    }

    [Fact]
    public void WithoutThread_EverySecondPacket()
    {
        var time = new FakeTimeProvider();
        JingleEnvironment env = JingleEnvironment.CreateDefault() with { TimeProvider = time, Random = RandomSource.CreateSeeded(3) };
        var wire = new CapturingTransport();
        var handler = new RecordingHandler();
        using var receiver = new SctpTransport(env, wire, new SctpOptions { MaxDataPacketsPerSack = 16 }, handler);
        var senderHandler = new RecordingHandler();
        var sender = new SctpAssociation(env, new SctpOptions { InitialCwndMtus = 64 }, senderHandler, "sender");
        byte[] buffer = new byte[1200];
        sender.Connect(TimeSpan.Zero);
        for (int round = 0; round < 10 && handler.Connected == 0; round++)
        {
            while (sender.TryPollTransmit(buffer, TimeSpan.Zero, out int length))
            {
                wire.Inject(buffer.AsSpan(0, length).ToArray());
            }

            foreach (byte[] p in wire.Sent.ToArray())
            {
                sender.HandlePacket(p, TimeSpan.Zero);
            }

            wire.Sent.Clear();
        }

        Assert.Equal(1, handler.Connected);
        for (int i = 0; i < 10; i++)
        {
            sender.Send(1, 53, Payloads.Create(i, 1000), default, TimeSpan.Zero);
        }

        while (sender.TryPollTransmit(buffer, TimeSpan.Zero, out int length))
        {
            wire.Inject(buffer.AsSpan(0, length).ToArray());
        }

        Assert.Equal(5, SackCumulativeTsns(wire.Sent).Count);
    }
}
