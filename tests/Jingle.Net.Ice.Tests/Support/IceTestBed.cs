using System.Net;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Ports;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Ice.Tests.Support;

/// <summary>
/// Two ICE agents on a VirtualNetwork with a fake clock, signaling wired in-process (candidates forwarded as they are
/// gathered, after an optional signaling delay), plus an optional STUN server on the public side.
/// </summary>
internal sealed class IceTestBed : IDisposable
{
    public static readonly IPAddress StunAddress = IPAddress.Parse("198.51.100.1");
    public static readonly IPAddress TurnAddress = IPAddress.Parse("198.51.100.2");

    private int _routers;

    public IceTestBed(int seed = 1)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Network = new VirtualNetwork(Time, seed);
    }

    public FakeTimeProvider Time { get; }

    public VirtualNetwork Network { get; }

    public TestStunServer? Stun { get; private set; }

    public IPEndPoint? StunEndPoint => Stun?.EndPoint;


    public TestTurnServer? Turn { get; private set; }

    public TurnServerConfig? TurnConfig => Turn is null ? null : new TurnServerConfig(Turn.EndPoint, "user", "pass");

    public TestTurnServer AddTurnServer()
    {
        VirtualHost host = Network.AddHost("turn", TurnAddress);
        Turn = new TestTurnServer(host, new IPEndPoint(TurnAddress, 3478), "user", "pass");
        return Turn;
    }

    public TestStunServer AddStunServer()
    {
        VirtualHost host = Network.AddHost("stun", StunAddress);
        Stun = new TestStunServer(host.BindUdp(new IPEndPoint(StunAddress, 3478)));
        return Stun;
    }


    /// <summary>A host on the internet (open) or behind a new NAT of <paramref name="nat"/>.</summary>
    public VirtualHost AddHost(string name, NatType? nat, int index)
    {
        if (nat is null or NatType.Open)
        {
            return Network.AddHost(name, IPAddress.Parse($"203.0.113.{10 + index}"));
        }

        int n = ++_routers;
        VirtualRouter router = Network.AddNat(name + "-nat", IPAddress.Parse($"192.0.2.{n}"), nat.Value);
        return Network.AddHost(name, IPAddress.Parse($"10.0.{n}.2"), router);
    }

    /// <summary>Forwards each side's parameters and trickled candidates to the other (after <paramref name="signalingDelay"/>).</summary>
    public void Wire(IcePeer a, IcePeer b, TimeSpan? signalingDelay = null)
    {
        WireOneWay(a, b, signalingDelay ?? TimeSpan.Zero);
        WireOneWay(b, a, signalingDelay ?? TimeSpan.Zero);
    }

    private void WireOneWay(IcePeer from, IcePeer to, TimeSpan delay)
    {
        to.Channel.SetRemoteParameters(from.Parameters);
        from.Channel.CandidateGathered += (_, e) => Deliver(delay, () => to.Channel.AddRemoteCandidate(e.Candidate));
        from.Channel.GatheringStateChanged += (_, s) =>
        {
            if (s == Ice.IceGatheringState.Complete)
            {
                Deliver(delay, to.Channel.AddRemoteEndOfCandidates);
            }
        };
    }

    private void Deliver(TimeSpan delay, Action action)
    {
        if (delay == TimeSpan.Zero)
        {
            action();
            return;
        }

        ITimer? timer = null;
        timer = Time.CreateTimer(_ =>
        {
            timer!.Dispose();
            action();
        }, null, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Advances the clock in <paramref name="step"/>s until <paramref name="done"/> or <paramref name="limit"/>; returns elapsed.</summary>
    public TimeSpan RunUntil(Func<bool> done, TimeSpan limit, TimeSpan? step = null)
    {
        TimeSpan s = step ?? TimeSpan.FromMilliseconds(1);
        TimeSpan elapsed = TimeSpan.Zero;
        while (!done() && elapsed < limit)
        {
            Time.Advance(s);
            elapsed += s;
        }

        return elapsed;
    }

    public void Run(TimeSpan duration, TimeSpan? step = null) => RunUntil(() => false, duration, step);

    public void Dispose()
    {
        Stun?.Dispose();
        Turn?.Dispose();
        Network.Dispose();
    }

    public static PortAllocatorOptions Allocator(IPEndPoint? stun = null, TurnServerConfig? turn = null, bool relayOnly = false) => new()
    {
        StunServers = stun is null ? [] : [stun],
        TurnServers = turn is null ? [] : [turn],
        RelayOnly = relayOnly,
    };

    public static CandidateType LocalType(IcePeer p) => p.Selected!.LocalCandidate.Type;

    public static CandidateType RemoteType(IcePeer p) => p.Selected!.RemoteCandidate.Type;
}
