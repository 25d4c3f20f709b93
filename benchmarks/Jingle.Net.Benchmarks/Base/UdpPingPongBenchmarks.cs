using System.Diagnostics;
using System.Net;
using BenchmarkDotNet.Attributes;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;

namespace Jingle.Net.Benchmarks.Base;

/// <summary>
/// One 100 B datagram bounced between two sockets on two RtcThreads over 127.0.0.1, <see cref="RoundTrips"/> times
/// per operation: the pattern of a peer that answers every packet on its own (aiortc's SACK per DATA packet, STUN
/// checks). <see cref="Poll"/> compares the delivery thread polling its sockets itself (epoll + eventfd) with .NET's
/// socket engine (its epoll thread, a pool thread, then a post to the delivery thread). The cleanup prints the
/// process CPU time per round trip.
/// </summary>
[MemoryDiagnoser]
public class UdpPingPongBenchmarks
{
    private const int RoundTrips = 1000;
    private readonly SocketFactory _factory = new();
    private readonly byte[] _payload = new byte[100];
    private RtcThread _threadA = null!;
    private RtcThread _threadB = null!;
    private IUdpSocket _a = null!;
    private IUdpSocket _b = null!;
    private int _remaining;
    private ManualResetEventSlim _done = null!;
    private TimeSpan _cpu;
    private long _operations;

    [Params(true, false)]
    public bool Poll { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        _done = new ManualResetEventSlim();
        _threadA = new RtcThread("pingpong-a");
        _threadB = new RtcThread("pingpong-b");
        _a = _factory.BindUdp(loopback, new UdpSocketOptions { DeliveryThread = _threadA, PollOnDeliveryThread = Poll });
        _b = _factory.BindUdp(loopback, new UdpSocketOptions { DeliveryThread = _threadB, PollOnDeliveryThread = Poll });
        _a.Start((socket, _, _, _) =>
        {
            if (--_remaining > 0)
            {
                socket.SendTo(_payload, _b.LocalEndPoint);
            }
            else
            {
                _done.Set();
            }
        });
        _b.Start((socket, _, remote, _) => socket.SendTo(_payload, remote));
        RunRoundTrips();
        _cpu = TimeSpan.Zero;
        _operations = 0;
    }

    [Benchmark]
    public void RoundTrip1000()
    {
        TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
        RunRoundTrips();
        _cpu += Process.GetCurrentProcess().TotalProcessorTime - before;
        _operations++;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_operations > 0)
        {
            Console.WriteLine($"// Poll={Poll}: process CPU {_cpu.TotalMicroseconds / (_operations * RoundTrips):F1} µs per round trip");
        }

        _a.Dispose();
        _b.Dispose();
        _threadA.Dispose();
        _threadB.Dispose();
    }

    private void RunRoundTrips()
    {
        _done.Reset();
        _remaining = RoundTrips;
        _threadA.Post(static s => s._a.SendTo(s._payload, s._b.LocalEndPoint), this);
        if (!_done.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException($"Round trips stalled with {_remaining} left (a datagram lost on loopback?).");
        }
    }
}
