using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Transport;

namespace Jingle.Net.Ice.Tests.Support;

/// <summary>
/// Two agents on real sockets over 127.0.0.1, on one worker RtcThread with the system clock, candidates and
/// parameters signaled in memory (each candidate through <paramref name="toB"/>/<paramref name="toA"/> filters, e.g. to
/// signal only an active or only a passive TCP candidate; without end-of-candidates nothing is pruned after
/// nomination, so lower-priority pairs are still checked). Everything the test reads goes through <see cref="On{T}"/>.
/// </summary>
internal sealed class RealAgentPair : IAsyncDisposable
{
    private readonly TaskCompletionSource _writable = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RealAgentPair(RtcThread worker, JingleEnvironment env)
    {
        Worker = worker;
        Env = env;
    }

    public RtcThread Worker { get; }

    public JingleEnvironment Env { get; }

    public P2PTransportChannel A { get; private set; } = null!;

    public P2PTransportChannel B { get; private set; } = null!;

    /// <summary>Packets received by A and B (copied), in order.</summary>
    public List<byte[]> ReceivedByA { get; } = [];

    public List<byte[]> ReceivedByB { get; } = [];

    public static async Task<RealAgentPair> StartAsync(PortAllocatorOptions allocatorA, PortAllocatorOptions allocatorB, IceRole roleA = IceRole.Controlling,
        Func<IceCandidate, bool>? toB = null, Func<IceCandidate, bool>? toA = null, bool signalEndOfCandidates = true,
        Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        var worker = new RtcThread("ice-tcp-test");
        JingleEnvironment env = JingleEnvironment.CreateDefault(loggerFactory) with { NetworkManager = new LoopbackNetworks() };
        var pair = new RealAgentPair(worker, env);
        await worker.InvokeAsync(() =>
        {
            IceRole roleB = roleA == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling;
            var a = new P2PTransportChannel(env, new P2PTransportChannelOptions { Worker = worker, Role = roleA, TransportName = "a", Allocator = allocatorA });
            var b = new P2PTransportChannel(env, new P2PTransportChannelOptions { Worker = worker, Role = roleB, TransportName = "b", Allocator = allocatorB });
            IceParameters pa = IceParameters.Create(env.Random), pb = IceParameters.Create(env.Random);
            a.SetLocalParameters(pa);
            b.SetLocalParameters(pb);
            a.SetRemoteParameters(pb);
            b.SetRemoteParameters(pa);
            a.CandidateGathered += (_, e) =>
            {
                if (toB?.Invoke(e.Candidate) ?? true)
                {
                    b.AddRemoteCandidate(e.Candidate);
                }
            };
            b.CandidateGathered += (_, e) =>
            {
                if (toA?.Invoke(e.Candidate) ?? true)
                {
                    a.AddRemoteCandidate(e.Candidate);
                }
            };
            a.GatheringStateChanged += (_, s) =>
            {
                if (s == IceGatheringState.Complete && signalEndOfCandidates)
                {
                    b.AddRemoteEndOfCandidates();
                }
            };
            b.GatheringStateChanged += (_, s) =>
            {
                if (s == IceGatheringState.Complete && signalEndOfCandidates)
                {
                    a.AddRemoteEndOfCandidates();
                }
            };
            a.PacketReceived += (_, packet, _) => pair.ReceivedByA.Add(packet.ToArray());
            b.PacketReceived += (_, packet, _) => pair.ReceivedByB.Add(packet.ToArray());
            void OnWritable(IPacketTransport _)
            {
                if (a.IsWritable && b.IsWritable)
                {
                    pair._writable.TrySetResult();
                }
            }

            a.WritableStateChanged += OnWritable;
            b.WritableStateChanged += OnWritable;
            pair.A = a;
            pair.B = b;
            a.StartGathering();
            b.StartGathering();
        });
        return pair;
    }

    /// <summary>Loopback only, TCP candidates on, UDP as given.</summary>
    public static PortAllocatorOptions Allocator(bool udp = true, bool tcp = true) =>
        new() { NetworkFilter = NetworkFilter.WithLoopback, GatherUdp = udp, GatherTcp = tcp };

    public Task WhenBothWritable(TimeSpan timeout) => _writable.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);

    public Task<T> On<T>(Func<T> func) => Worker.InvokeAsync(func);

    public Task On(Action action) => Worker.InvokeAsync(action);

    /// <summary>Polls <paramref name="condition"/> on the worker until it holds or <paramref name="timeout"/> passes.</summary>
    public async Task<bool> Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await On(condition))
            {
                return true;
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        return await On(condition);
    }

    public async ValueTask DisposeAsync()
    {
        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        await Worker.DisposeAsync();
    }
}
