using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Stun;

namespace Jingle.Net.Benchmarks.Ice;

/// <summary>
/// STUN checks handled by one agent: a valid Binding request (USERNAME, PRIORITY, ICE-CONTROLLING, MESSAGE-INTEGRITY,
/// FINGERPRINT) is authenticated and answered (XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT, sent on a real
/// loopback socket). Checks/s = 1 / mean.
/// </summary>
[MemoryDiagnoser]
public class IceCheckHandlingBenchmarks
{
    private RtcThread _worker = null!;
    private P2PTransportChannel _channel = null!;
    private Port _port = null!;
    private IUdpSocket _sink = null!;
    private byte[] _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _worker = new RtcThread("bench-worker");
        JingleEnvironment env = LoopbackAgents.Environment();
        _sink = env.SocketFactory.BindUdp(new IPEndPoint(IPAddress.Loopback, 0));
        _sink.Start(static (_, _, _, _) => { });
        IceParameters local = IceParameters.Create(env.Random), remote = IceParameters.Create(env.Random);
        _worker.InvokeAsync(() =>
        {
            _channel = LoopbackAgents.Create(env, _worker, IceRole.Controlled, "bench");
            _channel.SetLocalParameters(local);
            _channel.SetRemoteParameters(remote);
            _channel.StartGathering();
            _channel.AddRemoteCandidate(Jingle.Net.Ice.Candidates.IceCandidate.Parse($"candidate:1 1 udp 2130706431 127.0.0.1 {_sink.LocalEndPoint.Port} typ host"));
            _port = _channel.Ports[0];
        }).Wait();

        byte[] buffer = new byte[600];
        var writer = new IceStunWriter(buffer, IceStunConstants.BindingRequest, new byte[12]);
        writer.AddUsername(Encoding.UTF8.GetBytes(local.Ufrag + ":" + remote.Ufrag));
        writer.AddUInt32(IceStunConstants.Priority, 1853824767);
        writer.AddUInt64(IceStunConstants.IceControlling, 1);
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(local.Password));
        writer.AddFingerprint();
        _request = writer.Written.ToArray();
        _worker.InvokeAsync(HandleBatch).Wait();
        if (_channel.GetStats().Pairs[0].RequestsReceived == 0)
        {
            throw new InvalidOperationException("request was not accepted");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _worker.InvokeAsync(_channel.Close).Wait();
        _worker.Dispose();
        _sink.Dispose();
    }

    /// <summary>1000 checks per operation, on the agent's worker thread.</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public void HandleCheck() => _worker.InvokeAsync(HandleBatch).Wait();

    private void HandleBatch()
    {
        IPEndPoint from = _sink.LocalEndPoint;
        for (int i = 0; i < 1000; i++)
        {
            _channel.InjectPacket(_port, _request, from);
        }
    }
}
