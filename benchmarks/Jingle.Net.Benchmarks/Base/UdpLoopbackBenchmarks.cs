using System.Diagnostics;
using System.Net;
using BenchmarkDotNet.Attributes;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;

namespace Jingle.Net.Benchmarks.Base;

/// <summary>
/// Real UDP over 127.0.0.1 through <see cref="SocketFactory"/>: the same pattern as benchmarks/reference/udp_loopback.c
/// (one sender keeping at most <see cref="Window"/> packets in flight, a receive loop counting them), so the
/// packets-per-second figures compare directly. Allocated bytes are per packet over both the send and receive paths.
/// </summary>
[MemoryDiagnoser]
public class UdpLoopbackBenchmarks
{
    private const int Packets = 20_000;
    private const int Window = 64;
    private readonly SocketFactory _factory = new();
    private RtcThread? _worker;
    private IUdpSocket _tx = null!;
    private IUdpSocket _rx = null!;
    private IUdpSocket _sink = null!;
    private IPEndPoint _to = null!;
    private IPEndPoint _sinkAddress = null!;
    private byte[] _payload = null!;
    private long _received;
    private long _lost;
    private long _measuredPackets;
    private long _measuredBytes;

    [Params(1200)]
    public int PacketSize { get; set; }

    /// <summary>False: the handler runs on the receive loop's pool thread; true: on an RtcThread (the worker).</summary>
    [Params(false, true)]
    public bool DeliveryThread { get; set; }

    /// <summary>1: one receive call per datagram (the portable path); 32: recvmmsg batches on Linux.</summary>
    [Params(1, 32)]
    public int ReceiveBatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[PacketSize];
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        _worker = DeliveryThread ? new RtcThread("udp-bench") : null;
        _tx = _factory.BindUdp(loopback);
        _rx = _factory.BindUdp(loopback, new UdpSocketOptions { DeliveryThread = _worker, ReceiveBatchSize = ReceiveBatchSize });
        _sink = _factory.BindUdp(loopback, new UdpSocketOptions { ReceiveBufferSize = 0 });
        _to = _rx.LocalEndPoint;
        _sinkAddress = _sink.LocalEndPoint;
        _rx.Start(OnPacket);
        SendReceive();
        if (_rx.Statistics.PacketsReceived < Packets * 9L / 10)
        {
            throw new InvalidOperationException($"Setup check: only {_rx.Statistics.PacketsReceived} of {Packets} packets arrived.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// rx: {_rx.Statistics}; lost in windows: {_lost}");
        Console.WriteLine(FormattableString.Invariant(
            $"// all threads: {_measuredBytes} B allocated over {_measuredPackets} packets = {(double)_measuredBytes / Math.Max(1, _measuredPackets):F3} B/packet"));
        _tx.Dispose();
        _rx.DisposeAsync().AsTask().Wait();
        _sink.Dispose();
        _worker?.Dispose();
    }

    /// <summary>Send and receive: one operation = one packet through sendto, the kernel, the receive loop, the handler.</summary>
    [Benchmark(OperationsPerInvoke = Packets)]
    public long SendReceive()
    {
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long start = Volatile.Read(ref _received);
        long lost = 0;
        for (int sent = 0; sent < Packets; sent++)
        {
            long lastSeen = -1;
            long stalledSince = 0;
            while (sent - (Volatile.Read(ref _received) - start) - lost >= Window)
            {
                long seen = Volatile.Read(ref _received);
                if (seen != lastSeen)
                {
                    lastSeen = seen;
                    stalledSince = Stopwatch.GetTimestamp();
                }
                else if (Stopwatch.GetElapsedTime(stalledSince).TotalMilliseconds > 50)
                {
                    lost += Window; // a dropped datagram: give up on this window, as the C reference does
                    break;
                }

                Thread.Yield();
            }

            _tx.SendTo(_payload, _to);
        }

        long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        while (Volatile.Read(ref _received) - start + lost < Packets && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.Yield();
        }

        long got = Volatile.Read(ref _received) - start;
        _lost += Packets - got;
        _measuredBytes += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        _measuredPackets += got;
        return got;
    }

    /// <summary>The send path alone (to a socket nobody reads: the kernel drops once its buffer is full).</summary>
    [Benchmark(OperationsPerInvoke = Packets)]
    public int SendOnly()
    {
        int ok = 0;
        for (int i = 0; i < Packets; i++)
        {
            ok += _tx.SendTo(_payload, _sinkAddress) ? 1 : 0;
        }

        return ok;
    }

    private void OnPacket(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp) =>
        Interlocked.Increment(ref _received);
}
