using BenchmarkDotNet.Attributes;
using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Benchmarks.Dtls;

/// <summary>
/// Application data through a connected DtlsTransport pair over the in-memory pair: 1200-byte records from A to B,
/// delivered to B's PacketReceived. With the record fast path (default): encrypt on the sender's thread, decrypt
/// inline on the thread the pair delivers on. Without it (<see cref="FastPath"/> false): BouncyCastle's record layer,
/// decrypting on B's DTLS thread. Per record: time and bytes allocated (process-wide, so BouncyCastle's per-record
/// buffers count).
/// </summary>
[MemoryDiagnoser]
public class DtlsThroughputBenchmarks
{
    private const int Batch = 1000;
    private readonly byte[] _payload = new byte[1200];
    private readonly ManualResetEventSlim _done = new();
    private JingleEnvironment _env = null!;
    private RtcThread? _worker;
    private RtcCertificate _certA = null!;
    private RtcCertificate _certB = null!;
    private DtlsBenchmarkPeers _peers = null!;
    private int _received;
    private int _target;

    /// <summary>False: no owner thread (sends from the benchmark thread, delivery inline on B's DTLS thread). True: a worker RtcThread owns both.</summary>
    [Params(false, true)]
    public bool OwnerThread { get; set; }

    /// <summary>True: the AES-GCM application data fast path. False: BouncyCastle's record layer (as before it).</summary>
    [Params(true, false)]
    public bool FastPath { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _env = JingleEnvironment.CreateDefault();
        _worker = OwnerThread ? new RtcThread("bench-worker") : null;
        _certA = RtcCertificate.Generate();
        _certB = RtcCertificate.Generate();
        _peers = DtlsBenchmarkPeers.Start(_env, _certA, _certB, udp: false, _worker, receiveQueueCapacity: 4 * Batch,
            recordFastPath: FastPath);
        _peers.WaitConnected();
        if (_peers.A.IsRecordFastPathActive != FastPath || _peers.B.IsRecordFastPathActive != FastPath)
        {
            throw new InvalidOperationException($"fast path expected {FastPath}");
        }
        _peers.B.PacketReceived += (_, p, _) =>
        {
            if (p.Length == _payload.Length && Interlocked.Increment(ref _received) == _target)
            {
                _done.Set();
            }
        };
        SendBatch();
        if (_received != Batch)
        {
            throw new InvalidOperationException($"received {_received} of {Batch}");
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Send1200ByteRecords() => SendBatch();

    private void SendBatch()
    {
        _done.Reset();
        _target = Volatile.Read(ref _received) + Batch;
        if (_worker is null)
        {
            SendAll();
        }
        else
        {
            _worker.InvokeAsync(SendAll).GetAwaiter().GetResult();
        }

        if (!_done.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException($"records lost: {_received} of {_target} (dropped {_peers.B.DroppedPacketCount})");
        }
    }

    private void SendAll()
    {
        for (int i = 0; i < Batch; i++)
        {
            if (!_peers.A.Send(_payload))
            {
                throw new InvalidOperationException("send failed");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _peers.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _worker?.Dispose();
        _certA.Dispose();
        _certB.Dispose();
        _done.Dispose();
    }
}
