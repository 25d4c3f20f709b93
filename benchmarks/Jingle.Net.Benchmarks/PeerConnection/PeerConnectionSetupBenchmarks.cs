using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Jingle.Net.Ice;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Jsep;

namespace Jingle.Net.Benchmarks.PeerConnection;

/// <summary>
/// Time from CreateOffer to an open data channel for two PeerConnections (one factory each) over real loopback UDP:
/// JSEP, trickle ICE, DTLS handshake (ECDSA P-256), SCTP association and DCEP. Certificates are made once.
/// Each run also records when every phase ended (<see cref="SetupPhases"/>); the global cleanup prints the median of
/// each, so a run says where the time goes as well as how much there is.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class PeerConnectionSetupBenchmarks
{
    private PeerConnectionFactory _factoryA = null!;
    private PeerConnectionFactory _factoryB = null!;
    private RtcConfiguration _configA = null!;
    private RtcConfiguration _configB = null!;
    private readonly SetupPhases _phases = new();

    [GlobalSetup]
    public void Setup()
    {
        _factoryA = new PeerConnectionFactory();
        _factoryB = new PeerConnectionFactory();
        RtcCertificate a = _factoryA.GenerateCertificate();
        RtcCertificate b = _factoryB.GenerateCertificate();
        _configA = new RtcConfiguration { NetworkFilter = NetworkFilter.LoopbackOnly, Certificates = [a] };
        _configB = new RtcConfiguration { NetworkFilter = NetworkFilter.LoopbackOnly, Certificates = [b] };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine(_phases.Describe());
        _factoryA.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _factoryB.DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (RtcCertificate c in _configA.Certificates.Concat(_configB.Certificates))
        {
            c.Dispose();
        }
    }

    /// <summary>CreateOffer → the offerer's channel is open.</summary>
    [Benchmark]
    public async Task OfferToOpenChannel()
    {
        await using Net.PeerConnection a = _factoryA.CreatePeerConnection(_configA);
        await using Net.PeerConnection b = _factoryB.CreatePeerConnection(_configB);
        var ready = new Dictionary<Net.PeerConnection, bool> { [a] = false, [b] = false };
        var pending = new Dictionary<Net.PeerConnection, List<RtcIceCandidateInit>> { [a] = [], [b] = [] };
        void Forward(Net.PeerConnection to, RtcIceCandidateInit c)
        {
            lock (ready)
            {
                if (!ready[to])
                {
                    pending[to].Add(c);
                    return;
                }
            }

            _ = to.AddIceCandidateAsync(c);
        }

        void Ready(Net.PeerConnection pc)
        {
            List<RtcIceCandidateInit> waiting;
            lock (ready)
            {
                ready[pc] = true;
                waiting = [.. pending[pc]];
            }

            foreach (RtcIceCandidateInit c in waiting)
            {
                _ = pc.AddIceCandidateAsync(c);
            }
        }

        long start = Stopwatch.GetTimestamp();
        double[] at = new double[SetupPhases.Count];
        double Since() => Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        a.IceConnectionStateChanged += (_, s) => at[SetupPhases.OffererIceConnected] = s == IceTransportState.Connected && at[SetupPhases.OffererIceConnected] == 0 ? Since() : at[SetupPhases.OffererIceConnected];
        b.IceConnectionStateChanged += (_, s) => at[SetupPhases.AnswererIceConnected] = s == IceTransportState.Connected && at[SetupPhases.AnswererIceConnected] == 0 ? Since() : at[SetupPhases.AnswererIceConnected];
        a.ConnectionStateChanged += (_, s) => at[SetupPhases.OffererConnected] = s == PeerConnectionState.Connected ? Since() : at[SetupPhases.OffererConnected];
        a.IceCandidate += (_, e) => Forward(b, e.Candidate);
        b.IceCandidate += (_, e) => Forward(a, e.Candidate);
        RtcDataChannel channel = a.CreateDataChannel("bench");
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += (_, _) => open.TrySetResult();
        RtcSessionDescription offer = await a.CreateOfferAsync();
        await a.SetLocalDescriptionAsync(offer);
        at[SetupPhases.OfferSet] = Since();
        await b.SetRemoteDescriptionAsync(offer);
        at[SetupPhases.OfferApplied] = Since();
        Ready(b);
        RtcSessionDescription answer = await b.CreateAnswerAsync();
        at[SetupPhases.AnswerCreated] = Since();
        await b.SetLocalDescriptionAsync(answer);
        at[SetupPhases.AnswerSet] = Since();
        await a.SetRemoteDescriptionAsync(answer);
        at[SetupPhases.AnswerApplied] = Since();
        Ready(a);
        await open.Task.WaitAsync(TimeSpan.FromSeconds(20));
        at[SetupPhases.ChannelOpen] = Since();
        _phases.Add(at);
    }
}
