using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Mdns;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Mdns;

/// <summary>
/// Remote <c>.local</c> candidates (issue 4): resolved when possible and added as if signaled, dropped cleanly and
/// counted when not. Peer A signals its host candidates under mDNS names, as browsers do; B resolves them.
/// </summary>
public sealed class MdnsCandidateTests
{
    [Fact]
    public void RemoteMdnsHostCandidate_Resolved_ChannelConnectsOnIt()
    {
        using var bed = new IceTestBed();
        var resolver = new FakeMdnsResolver(bed, TimeSpan.FromMilliseconds(30));
        (P2PTransportChannel a, P2PTransportChannel b) = CreatePair(bed, resolver, out VirtualHost hostA);
        a.StartGathering();
        b.StartGathering();
        // A's only way to be found is its signaled candidate: it does not check towards B (B's candidates are withheld),
        // so B's checks must go to the resolved address.
        bed.RunUntil(() => a.IsWritable && b.IsWritable, TimeSpan.FromSeconds(5));

        Assert.True(a.IsWritable && b.IsWritable);
        CandidatePairStats selected = b.SelectedPair!;
        Assert.Equal(CandidateType.Host, selected.RemoteCandidate.Type);
        Assert.Equal(hostA.Address.ToString(), selected.RemoteCandidate.Host);
        Assert.Equal(1, b.GetStats().MdnsCandidatesResolved);
        Assert.Equal(0, b.GetStats().MdnsCandidatesUnresolved);
        Assert.Equal(["a-host-0.local"], resolver.Asked);
        a.Close();
        b.Close();
    }

    [Fact]
    public void RemoteMdnsCandidate_ResolvedOnlyAfterTheDelay_NotBefore()
    {
        using var bed = new IceTestBed();
        var resolver = new FakeMdnsResolver(bed, TimeSpan.FromMilliseconds(200));
        (P2PTransportChannel a, P2PTransportChannel b) = CreatePair(bed, resolver, out _);
        a.StartGathering();
        b.StartGathering();
        bed.Run(TimeSpan.FromMilliseconds(150));

        Assert.Equal(0, b.GetStats().MdnsCandidatesResolved);
        Assert.Empty(b.GetStats().Pairs);
        bed.RunUntil(() => b.IsWritable, TimeSpan.FromSeconds(5));
        Assert.Equal(1, b.GetStats().MdnsCandidatesResolved);
        Assert.True(b.IsWritable);
        a.Close();
        b.Close();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UnresolvableOrFailingName_DroppedAndCounted_NoException(bool resolverThrows)
    {
        using var bed = new IceTestBed();
        var resolver = new FakeMdnsResolver(bed, TimeSpan.FromMilliseconds(10)) { Unresolvable = true, Throws = resolverThrows };
        (P2PTransportChannel a, P2PTransportChannel b) = CreatePair(bed, resolver, out _);
        a.StartGathering();
        b.StartGathering();
        bed.Run(TimeSpan.FromSeconds(1));

        IceTransportStats stats = b.GetStats();
        Assert.Equal(1, stats.MdnsCandidatesUnresolved);
        Assert.Equal(0, stats.MdnsCandidatesResolved);
        Assert.Empty(stats.Pairs);
        Assert.False(b.IsWritable);
        a.Close();
        b.Close();
        Assert.Equal(0, a.PendingTimers + b.PendingTimers);
    }

    [Fact]
    public void DefaultResolver_NoResponderOnTheNetwork_DropsTheCandidateAfterOneSecond()
    {
        using var bed = new IceTestBed();
        (P2PTransportChannel a, P2PTransportChannel b) = CreatePair(bed, resolver: null, out _);
        a.StartGathering();
        b.StartGathering();
        bed.Run(TimeSpan.FromMilliseconds(990));
        Assert.Equal(0, b.GetStats().MdnsCandidatesUnresolved);
        bed.Run(TimeSpan.FromMilliseconds(20));

        Assert.Equal(1, b.GetStats().MdnsCandidatesUnresolved);
        Assert.Empty(b.GetStats().Pairs);
        a.Close();
        b.Close();
    }

    [Fact]
    public void ChannelClosedWhileResolving_LateAnswerIsIgnored()
    {
        using var bed = new IceTestBed();
        var resolver = new FakeMdnsResolver(bed, TimeSpan.FromMilliseconds(100));
        (P2PTransportChannel a, P2PTransportChannel b) = CreatePair(bed, resolver, out _);
        a.StartGathering();
        b.StartGathering();
        bed.Run(TimeSpan.FromMilliseconds(10));
        b.Close();
        bed.Run(TimeSpan.FromMilliseconds(200));

        Assert.Equal(0, b.GetStats().MdnsCandidatesResolved + b.GetStats().MdnsCandidatesUnresolved);
        Assert.Empty(b.GetStats().Pairs);
        a.Close();
    }

    /// <summary>
    /// Two open hosts; A's host candidates reach B as <c>a-host-N.local</c> (the resolver knows the mapping). B's own
    /// candidates are not signaled to A, so only B's checks (to the resolved address) can connect the pair.
    /// </summary>
    private static (P2PTransportChannel A, P2PTransportChannel B) CreatePair(IceTestBed bed, FakeMdnsResolver? resolver, out VirtualHost hostA)
    {
        hostA = bed.AddHost("a", NatType.Open, 1);
        VirtualHost hostB = bed.AddHost("b", NatType.Open, 2);
        (P2PTransportChannel a, IceParameters pa) = Create(hostA, IceRole.Controlling, null);
        (P2PTransportChannel b, IceParameters pb) = Create(hostB, IceRole.Controlled, resolver);
        a.SetRemoteParameters(pb);
        b.SetRemoteParameters(pa);
        int next = 0;
        a.CandidateGathered += (_, e) =>
        {
            if (e.Candidate.Type == CandidateType.Host)
            {
                string name = $"a-host-{next++}.local";
                resolver?.Records.Add(name, IPAddress.Parse(e.Candidate.Host));
                b.AddRemoteCandidate(e.Candidate with { Host = name });
            }
        };
        return (a, b);
    }

    private static (P2PTransportChannel, IceParameters) Create(VirtualHost host, IceRole role, IMdnsResolver? resolver)
    {
        JingleEnvironment env = host.CreateEnvironment();
        IceParameters parameters = IceParameters.Create(env.Random, false);
        var channel = new P2PTransportChannel(env, new P2PTransportChannelOptions { TransportName = host.Name, Role = role, MdnsResolver = resolver });
        channel.SetLocalParameters(parameters);
        return (channel, parameters);
    }

    /// <summary>Answers from a table after a delay on the fake clock (or never / with an exception).</summary>
    private sealed class FakeMdnsResolver(IceTestBed bed, TimeSpan delay) : IMdnsResolver
    {
        public Dictionary<string, IPAddress> Records { get; } = [];

        public List<string> Asked { get; } = [];

        public bool Unresolvable { get; init; }

        public bool Throws { get; init; }

        public async ValueTask<IPAddress?> ResolveAsync(string name, CancellationToken cancellationToken = default)
        {
            Asked.Add(name);
            var done = new TaskCompletionSource();
            using ITimer timer = bed.Time.CreateTimer(_ => done.TrySetResult(), null, delay, Timeout.InfiniteTimeSpan);
            await done.Task.ConfigureAwait(false);
            if (Throws)
            {
                throw new InvalidOperationException("resolver broke");
            }

            return Unresolvable ? null : Records.GetValueOrDefault(name);
        }
    }
}
