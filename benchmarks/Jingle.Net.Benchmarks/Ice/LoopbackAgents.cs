using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Ports;

namespace Jingle.Net.Benchmarks.Ice;

/// <summary>Helpers shared by the ICE benchmarks: loopback-only networks and a connected pair of agents.</summary>
internal static class LoopbackAgents
{
    public static JingleEnvironment Environment(int addresses = 1) =>
        JingleEnvironment.CreateDefault() with { NetworkManager = new Networks(addresses) };

    public static P2PTransportChannel Create(JingleEnvironment env, RtcThread worker, IceRole role, string name) =>
        new(env, new P2PTransportChannelOptions
        {
            TransportName = name,
            Role = role,
            Worker = worker,
            Allocator = new PortAllocatorOptions { NetworkFilter = NetworkFilter.LoopbackOnly },
        });

    /// <summary>Wires two agents' parameters and candidates to each other (on the worker).</summary>
    public static void Wire(P2PTransportChannel a, P2PTransportChannel b, IceParameters pa, IceParameters pb)
    {
        a.SetLocalParameters(pa);
        b.SetLocalParameters(pb);
        a.SetRemoteParameters(pb);
        b.SetRemoteParameters(pa);
        a.CandidateGathered += (_, e) => b.AddRemoteCandidate(e.Candidate);
        b.CandidateGathered += (_, e) => a.AddRemoteCandidate(e.Candidate);
    }

    /// <summary>127.0.0.1 … 127.0.0.n as separate "networks" (Linux routes all of 127/8 to lo).</summary>
    private sealed class Networks(int count) : INetworkManager
    {
        public IReadOnlyList<NetworkInfo> GetNetworks(NetworkFilter? filter = null) =>
            [.. Enumerable.Range(1, count).Select(i => new NetworkInfo($"lo{i}", i, NetworkAdapterType.Loopback, true,
                [new NetworkAddress(IPAddress.Parse($"127.0.0.{i}"), 8)]))];
    }
}
