using BenchmarkDotNet.Attributes;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Jsep;

namespace Jingle.Net.Benchmarks.PeerConnection;

/// <summary>
/// Sending one RTP packet (160-byte payload: 20 ms of 64 kbit/s audio) from a connected PeerConnection over real
/// loopback UDP, SRTP AEAD_AES_128_GCM: header written, protected, sent, and received, unprotected and routed by the
/// other PeerConnection. Three ways in:
/// <list type="bullet">
/// <item><see cref="TrySendRtp_OnWorker"/>: <see cref="RtpSender.TrySendRtp"/> on the worker thread (sends inline),
/// 100 per worker work item (posted allocation-free).</item>
/// <item><see cref="TrySendRtp_FromOtherThread"/>: <see cref="RtpSender.TrySendRtp"/> from the benchmark thread
/// (copied into a reused slot and posted), 100 per operation batch, then waits until the worker sent them.</item>
/// <item><see cref="SendRtpAsync_FromOtherThread"/>: the Task-returning <see cref="RtpSender.SendRtpAsync"/> from
/// the benchmark thread, awaited (what sending cost before TrySendRtp).</item>
/// </list>
/// The memory diagnoser counts the allocations of every thread of the process, the receiving side's included.
/// Run: dotnet run -c Release --project benchmarks/Jingle.Net.Benchmarks -- --filter '*RtpSend*' --inProcess --job short
/// </summary>
[MemoryDiagnoser]
public class RtpSendBenchmarks
{
    private const int Batch = 100;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly byte[] _payload = new byte[160];
    private readonly ManualResetEventSlim _batchDone = new();
    private PeerConnectionFactory _factory = null!;
    private Net.PeerConnection _a = null!;
    private Net.PeerConnection _b = null!;
    private RtpSender _sender = null!;
    private uint _timestamp;
    private int _failed;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        long received = _factory.WorkerThread.InvokeAsync(() => _b.GetReceivers().Single().PacketsReceived).GetAwaiter().GetResult();
        Console.WriteLine($"// RtpSendBenchmarks: sent {_sender.PacketsSent}, received {received}, refused {_failed}, " +
            $"queue full {_a.Transport.Media.SendQueueFull}");
        _a.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _b.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _factory.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void TrySendRtp_OnWorker()
    {
        _batchDone.Reset();
        _factory.WorkerThread.Post(static self => self.SendBatchOnWorker(), this);
        _batchDone.Wait();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void TrySendRtp_FromOtherThread()
    {
        long target = _sender.PacketsSent + Batch;
        for (int i = 0; i < Batch; i++)
        {
            if (!_sender.TrySendRtp(_payload, _timestamp += 960))
            {
                _failed++;
                target--;
            }
        }

        var spin = default(SpinWait);
        while (_sender.PacketsSent < target)
        {
            spin.SpinOnce();
        }
    }

    [Benchmark]
    public async Task<bool> SendRtpAsync_FromOtherThread() => await _sender.SendRtpAsync(_payload, _timestamp += 960);

    private void SendBatchOnWorker()
    {
        for (int i = 0; i < Batch; i++)
        {
            if (!_sender.TrySendRtp(_payload, _timestamp += 960))
            {
                _failed++;
            }
        }

        _batchDone.Set();
    }

    private async Task SetupAsync()
    {
        _factory = new PeerConnectionFactory();
        var config = new RtcConfiguration { NetworkFilter = NetworkFilter.LoopbackOnly };
        _a = _factory.CreatePeerConnection(config);
        _b = _factory.CreatePeerConnection(config);
        _a.Transport.SrtpProfiles = [SrtpProtectionProfile.AeadAes128Gcm];
        _sender = _a.AddTrack(new MediaStreamTrack(MediaKind.Audio), "bench");
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _a.ConnectionStateChanged += (_, s) =>
        {
            if (s == PeerConnectionState.Connected)
            {
                connected.TrySetResult();
            }
        };

        await _a.SetLocalDescriptionAsync(await _a.CreateOfferAsync());
        await GatheredAsync(_a);
        await _b.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, _a.LocalDescription!.Sdp));
        await _b.SetLocalDescriptionAsync(await _b.CreateAnswerAsync());
        await GatheredAsync(_b);
        await _a.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, _b.LocalDescription!.Sdp));
        await connected.Task.WaitAsync(Timeout);
        if (!await _sender.SendRtpAsync(_payload, 0))
        {
            throw new InvalidOperationException("The connected sender did not send.");
        }
    }

    private static async Task GatheredAsync(Net.PeerConnection pc)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.IceGatheringStateChanged += (_, s) =>
        {
            if (s == IceGatheringState.Complete)
            {
                done.TrySetResult();
            }
        };
        if (pc.IceGatheringState == IceGatheringState.Complete)
        {
            done.TrySetResult();
        }

        await done.Task.WaitAsync(Timeout);
    }
}
