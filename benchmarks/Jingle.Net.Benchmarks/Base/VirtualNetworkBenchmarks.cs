using System.Net;
using BenchmarkDotNet.Attributes;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;

namespace Jingle.Net.Benchmarks.Base;

/// <summary>
/// Cost of one datagram through the VirtualNetwork (send, NAT translation and filtering, delivery) on a fake clock:
/// what bounds how fast protocol tests and `jingle bench` simulations run.
/// </summary>
[MemoryDiagnoser]
public class VirtualNetworkBenchmarks
{
    private const int Packets = 1000;
    private readonly byte[] _payload = new byte[1200];
    private ManualTimeProvider _time = null!;
    private VirtualNetwork _net = null!;
    private IUdpSocket _client = null!;
    private IUdpSocket _server = null!;
    private IPEndPoint _serverAddress = null!;
    private int _received;

    /// <summary>Perfect links, or 20 ms delay with 5 ms jitter and 1 % loss.</summary>
    [Params(false, true)]
    public bool Impaired { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _time = new ManualTimeProvider();
        _net = new VirtualNetwork(_time, seed: 1);
        VirtualRouter nat = _net.AddNat("nat", IPAddress.Parse("203.0.113.1"), NatType.PortRestrictedCone);
        VirtualHost client = _net.AddHost("client", IPAddress.Parse("192.168.1.2"), nat);
        VirtualHost server = _net.AddHost("server", IPAddress.Parse("198.51.100.1"));
        if (Impaired)
        {
            _net.SetLinkConditions(client, new LinkConditions { Delay = TimeSpan.FromMilliseconds(20), Jitter = TimeSpan.FromMilliseconds(5), LossRate = 0.01 });
        }

        _client = client.BindUdp(new IPEndPoint(IPAddress.Any, 0));
        _server = server.BindUdp(new IPEndPoint(IPAddress.Any, 3478));
        _serverAddress = new IPEndPoint(IPAddress.Parse("198.51.100.1"), 3478);
        _server.Start((_, _, _, _) => _received++);
        _client.Start((_, _, _, _) => { });
        SendThrough();
        if (_received < Packets * 9 / 10)
        {
            throw new InvalidOperationException($"Setup check: {_received} of {Packets} delivered.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// {_net.Statistics}");
        _client.Dispose();
        _server.Dispose();
        _net.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public int SendThrough()
    {
        int before = _received;
        for (int i = 0; i < Packets; i++)
        {
            _client.SendTo(_payload, _serverAddress);
        }

        _time.Advance(TimeSpan.FromMilliseconds(50));
        return _received - before;
    }
}
