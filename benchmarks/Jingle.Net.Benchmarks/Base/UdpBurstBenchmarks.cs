using System.Diagnostics;
using System.Net;
using BenchmarkDotNet.Attributes;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;

namespace Jingle.Net.Benchmarks.Base;

/// <summary>
/// A burst of <see cref="BurstSize"/> datagrams of 1200 B sent by one work item of the sender's delivery thread (as
/// SCTP sends after handling a batch of SACKs), received on another RtcThread, over 127.0.0.1. One operation = one
/// burst sent and fully received. <see cref="Mode"/> compares today's one sendto per datagram with the batched sends
/// (sendmmsg, UDP GSO) and GSO with UDP GRO on the receiver. The cleanup prints the process CPU time per burst, which
/// matters more than wall time on a shared machine.
/// </summary>
[MemoryDiagnoser]
public class UdpBurstBenchmarks
{
    private const int Bursts = 200;
    private const int BurstSize = 64;
    private const int PacketSize = 1200;
    private readonly SocketFactory _factory = new();
    private readonly ManualResetEventSlim _done = new();
    private RtcThread _senderThread = null!;
    private RtcThread _receiverThread = null!;
    private IUdpSocket _tx = null!;
    private IUdpSocket _rx = null!;
    private IPEndPoint _to = null!;
    private byte[] _payload = null!;
    private long _received;
    private long _target;
    private long _lost;
    private long _bursts;
    private TimeSpan _cpu;

    public enum SendMode
    {
        /// <summary>SendBatching off, GRO off: one sendto(2) per datagram.</summary>
        Unbatched,

        /// <summary>Batched with sendmmsg(2) (GSO off), GRO off.</summary>
        Sendmmsg,

        /// <summary>Batched with UDP GSO, GRO off: the kernel splits the super-datagram at the receiving socket.</summary>
        Gso,

        /// <summary>UDP GSO and UDP GRO: one piece end to end, split by the receiving socket.</summary>
        GsoGro,
    }

    [Params(SendMode.Unbatched, SendMode.Sendmmsg, SendMode.Gso, SendMode.GsoGro)]
    public SendMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[PacketSize];
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        _senderThread = new RtcThread("burst-tx");
        _receiverThread = new RtcThread("burst-rx");
        _tx = _factory.BindUdp(loopback, new UdpSocketOptions
        {
            DeliveryThread = _senderThread,
            SendBatching = Mode != SendMode.Unbatched,
            SegmentationOffload = Mode is SendMode.Gso or SendMode.GsoGro,
        });
        _rx = _factory.BindUdp(loopback, new UdpSocketOptions { DeliveryThread = _receiverThread, ReceiveOffload = Mode == SendMode.GsoGro });
        _to = _rx.LocalEndPoint;
        _rx.Start(OnPacket);
        Burst();
        if (_rx.Statistics.PacketsReceived < Bursts * BurstSize * 9L / 10)
        {
            throw new InvalidOperationException($"Setup check: only {_rx.Statistics.PacketsReceived} of {Bursts * BurstSize} packets arrived.");
        }

        _lost = 0;
        _bursts = 0;
        _cpu = TimeSpan.Zero;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// {Mode}: tx {_tx.Statistics}; rx {_rx.Statistics}; lost {_lost}");
        Console.WriteLine(FormattableString.Invariant(
            $"// {Mode}: process CPU {_cpu.TotalMicroseconds / Math.Max(1, _bursts):F1} µs per operation (a burst of {BurstSize}, or one datagram for OneAtATime)"));
        _tx.Dispose();
        _rx.DisposeAsync().AsTask().Wait();
        _senderThread.Dispose();
        _receiverThread.Dispose();
        _done.Dispose();
    }

    /// <summary>One operation: a burst of 64 datagrams sent in one work item and received.</summary>
    [Benchmark(OperationsPerInvoke = Bursts)]
    public long Burst() => Run(BurstSize, static s => s.SendBurst());

    /// <summary>
    /// A sparse flow: one datagram sent and received before the next. The receiver waits between datagrams, which
    /// with GRO on costs a zero-byte MSG_PEEK receive before the recvmmsg (see UdpPacketSocket.Batch.cs).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Bursts)]
    public long OneAtATime() => Run(1, static s => s._tx.SendTo(s._payload, s._to));

    /// <summary><see cref="Bursts"/> times: one work item on the sender's thread sends, then wait until all arrived.</summary>
    private long Run(int perOperation, Action<UdpBurstBenchmarks> send)
    {
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long start = Volatile.Read(ref _received);
        long lost = 0;
        for (int i = 0; i < Bursts; i++)
        {
            _done.Reset();
            Volatile.Write(ref _target, start + ((i + 1) * (long)perOperation) - lost);
            _senderThread.Post(send, this);
            if (!_done.Wait(1000))
            {
                lost += Volatile.Read(ref _target) - Volatile.Read(ref _received); // a drop: count it, move on
            }
        }

        _lost += lost;
        _cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        _bursts += Bursts;
        return Volatile.Read(ref _received) - start;
    }

    private void SendBurst()
    {
        for (int i = 0; i < BurstSize; i++)
        {
            _tx.SendTo(_payload, _to);
        }
    }

    private void OnPacket(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp)
    {
        if (Interlocked.Increment(ref _received) >= Volatile.Read(ref _target))
        {
            _done.Set();
        }
    }
}
