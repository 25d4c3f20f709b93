using System.Net;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jingle.Net.Base.Virtual;

/// <summary>
/// An in-process network of hosts and NAT routers that runs on an injected <see cref="System.TimeProvider"/>. Hosts
/// are <see cref="IPacketSocketFactory"/>s and <see cref="INetworkManager"/>s, so protocol code runs on it unchanged.
/// Routers implement the RFC 4787 mapping and filtering behaviours; links add delay, jitter, loss, duplication,
/// reordering and bandwidth limits.
/// </summary>
/// <remarks>
/// <para>Determinism: every random choice (loss, jitter, duplication, reordering) comes from one generator seeded
/// with the constructor's seed, and everything in flight sits in one queue ordered by (due time, sequence number)
/// under one timer. With a <c>FakeTimeProvider</c> and the same traffic, the same seed gives the same packet trace on
/// every run. Delivery happens from the timer callback (inside <c>FakeTimeProvider.Advance</c>), or is posted to the
/// socket's <see cref="UdpSocketOptions.DeliveryThread"/>. Nothing is ever delivered from inside
/// <see cref="IUdpSocket.SendTo"/>: every hop takes at least one tick.</para>
/// <para><c>FakeTimeProvider.Advance(d)</c> jumps the clock by <c>d</c> and then fires what is due once, so a reply
/// sent from a handler is delivered by a later <c>Advance</c>. Advance in steps no longer than the link delay you
/// want to resolve (e.g. 1 ms) to run many round trips.</para>
/// </remarks>
public sealed partial class VirtualNetwork : IDisposable
{
    private readonly Realm _internet = new(null);
    private readonly Dictionary<string, VirtualHost> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VirtualRouter> _routers = new(StringComparer.Ordinal);
    private readonly List<Func<VirtualPacket, bool>> _dropNext = [];
    private readonly List<DropFilter> _dropFilters = [];
    private readonly ILoggerFactory _loggerFactory;
    private readonly int _seed;

    /// <summary>Creates an empty network on <paramref name="timeProvider"/>, seeded with <paramref name="seed"/>.</summary>
    public VirtualNetwork(TimeProvider timeProvider, int seed = 0, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeProvider = timeProvider;
        _seed = seed;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Logger = _loggerFactory.CreateLogger("Jingle.Net.Base.VirtualNetwork");
#pragma warning disable CA5394 // Deterministic by design: a simulation, not security.
        _random = new Random(seed);
#pragma warning restore CA5394
        _start = timeProvider.GetTimestamp();
        _timer = timeProvider.CreateTimer(static s => ((VirtualNetwork)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The clock everything on this network runs on.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The seed given to the constructor.</summary>
    public int Seed => _seed;

    /// <summary>Packet counters.</summary>
    public VirtualNetworkStatistics Statistics { get; } = new();

    /// <summary>The hosts added so far.</summary>
    public IReadOnlyCollection<VirtualHost> Hosts
    {
        get { lock (Sync) { return [.. _hosts.Values]; } }
    }

    /// <summary>
    /// Raised for every datagram sent, delivered or dropped, in the network's deterministic order. Raised while the
    /// network's lock is held: handlers must be quick and must not wait for other threads.
    /// </summary>
    public event EventHandler<VirtualPacketTraceEventArgs>? PacketTraced;

    internal Lock Sync { get; } = new();

    internal ILogger Logger { get; }

    internal ILoggerFactory LoggerFactory => _loggerFactory;

    /// <summary>
    /// Adds a router with external address <paramref name="publicAddress"/> on the internet (or inside
    /// <paramref name="parent"/>, for carrier-grade NAT), behaving as the <paramref name="type"/> preset.
    /// </summary>
    public VirtualRouter AddNat(string name, IPAddress publicAddress, NatType type, VirtualRouter? parent = null) =>
        AddNat(name, publicAddress, NatBehavior.FromType(type), parent);

    /// <summary>Adds a router with an explicit RFC 4787 <paramref name="behavior"/>.</summary>
    public VirtualRouter AddNat(string name, IPAddress publicAddress, NatBehavior behavior, VirtualRouter? parent = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(publicAddress);
        ArgumentNullException.ThrowIfNull(behavior);
        lock (Sync)
        {
            CheckOwn(parent);
            if (_routers.ContainsKey(name))
            {
                throw new ArgumentException($"A router named '{name}' already exists.", nameof(name));
            }

            Realm outside = parent?.Inside ?? _internet;
            var router = new VirtualRouter(this, name, publicAddress, behavior, outside);
            Register(outside, publicAddress, router);
            _routers.Add(name, router);
            return router;
        }
    }

    /// <summary>
    /// Adds a host with one interface at <paramref name="address"/>: on the internet when <paramref name="router"/> is
    /// null, otherwise on the router's inside network.
    /// </summary>
    public VirtualHost AddHost(string name, IPAddress address, VirtualRouter? router = null,
        NetworkAdapterType adapterType = NetworkAdapterType.Ethernet)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(address);
        lock (Sync)
        {
            CheckOwn(router);
            if (_hosts.ContainsKey(name))
            {
                throw new ArgumentException($"A host named '{name}' already exists.", nameof(name));
            }

            Realm realm = router?.Inside ?? _internet;
            var host = new VirtualHost(this, name, address, router, realm, adapterType, DeriveSeed(name));
            Register(realm, address, host);

            // Behind routers that do not translate, the host's address is routed from outside too.
            for (VirtualRouter? r = router; r is not null && !r.Translates; r = r.Parent)
            {
                Register(r.ParentRealm, address, r);
            }

            _hosts.Add(name, host);
            return host;
        }
    }

    /// <summary>Sets the impairments of <paramref name="host"/>'s access link (both directions).</summary>
    public void SetLinkConditions(VirtualHost host, LinkConditions conditions)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(conditions);
        conditions.Validate();
        lock (Sync)
        {
            CheckOwn(host);
            host.Link = conditions;
        }
    }

    /// <summary>
    /// Drops the next datagram for which <paramref name="predicate"/> returns true (checked when it is sent, under the
    /// network's lock: keep it quick). Several pending one-shot filters are checked in the order they were added.
    /// </summary>
    public void DropNext(Func<VirtualPacket, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (Sync)
        {
            _dropNext.Add(predicate);
        }
    }

    /// <summary>Drops every datagram matching <paramref name="predicate"/> until the returned handle is disposed.</summary>
    public IDisposable AddDropFilter(Func<VirtualPacket, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var filter = new DropFilter(this, predicate);
        lock (Sync)
        {
            _dropFilters.Add(filter);
        }

        return filter;
    }

    /// <summary>Pending one-shot filters from <see cref="DropNext"/> that have not matched yet.</summary>
    public int PendingDropNextCount
    {
        get { lock (Sync) { return _dropNext.Count; } }
    }

    /// <summary>Finds a host by name.</summary>
    public VirtualHost GetHost(string name)
    {
        lock (Sync)
        {
            return _hosts.TryGetValue(name, out VirtualHost? host) ? host : throw new KeyNotFoundException($"No host '{name}'.");
        }
    }

    private void CheckOwn(VirtualHost host)
    {
        if (host.Network != this)
        {
            throw new ArgumentException("The host belongs to another network.", nameof(host));
        }
    }

    private void CheckOwn(VirtualRouter? router)
    {
        if (router is not null && !_routers.ContainsValue(router))
        {
            throw new ArgumentException("The router belongs to another network.", nameof(router));
        }
    }

    private static void Register(Realm realm, IPAddress address, object node)
    {
        if (!realm.Nodes.TryAdd(address, node))
        {
            throw new ArgumentException($"Address {address} is already used in that network.", nameof(address));
        }
    }

    /// <summary>A stable per-host seed (string hashes are randomized per process, so FNV-1a is used).</summary>
    private int DeriveSeed(string name)
    {
        uint hash = 2166136261;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash ^ (uint)_seed);
    }

    private sealed class DropFilter(VirtualNetwork network, Func<VirtualPacket, bool> predicate) : IDisposable
    {
        public Func<VirtualPacket, bool> Predicate { get; } = predicate;

        public void Dispose()
        {
            lock (network.Sync)
            {
                network._dropFilters.Remove(this);
            }
        }
    }
}
