using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice.Candidates;

namespace Jingle.Net.Ice.Ports;

/// <summary>
/// One gathering run for one ICE generation (libjingle's BasicPortAllocatorSession): enumerates the networks through
/// the environment's <see cref="INetworkManager"/>, opens a UDP port per address (host + srflx through the same
/// socket), RFC 6544 TCP ports (active + passive host candidates) and a TURN port per TURN server, forwards each candidate as it appears (trickle) and reports completion
/// once every port has finished.
/// </summary>
internal sealed class PortAllocatorSession : IPortListener
{
    private readonly JingleEnvironment _env;
    private readonly IceScheduler _scheduler;
    private readonly PortAllocatorOptions _options;
    private readonly PortContext _context;
    private readonly IPortListener _owner;
    private readonly ITurnPortFactory? _turnFactory;
    private readonly List<Port> _ports = [];
    private readonly HashSet<Port> _pending = [];
    private bool _started;
    private bool _tcpSkipLogged;

    public PortAllocatorSession(JingleEnvironment env, IceScheduler scheduler, PortAllocatorOptions options, PortContext context, IPortListener owner,
        ITurnPortFactory? turnFactory, bool hostOnly)
    {
        _env = env;
        _scheduler = scheduler;
        _options = options;
        _context = context;
        _owner = owner;
        _turnFactory = turnFactory;
        HostOnly = hostOnly;
    }

    /// <summary>ICE-lite: host candidates only.</summary>
    public bool HostOnly { get; }

    public PortContext Context => _context;

    public IReadOnlyList<Port> Ports => _ports;

    public bool IsComplete { get; private set; }

    public event Action<PortAllocatorSession>? Completed;

    public void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        IReadOnlyList<NetworkInfo> networks = _env.NetworkManager.GetNetworks(_options.NetworkFilter);
        int ordinal = 0;
        foreach (NetworkInfo network in networks)
        {
            foreach (NetworkAddress address in network.Addresses)
            {
                if (address.Address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
                {
                    continue;
                }

                Open(network, ordinal++, address.Address);
            }
        }

        foreach (Port port in _ports.ToArray())
        {
            port.StartGathering();
        }

        MaybeComplete();
    }

    private void Open(NetworkInfo network, int ordinal, IPAddress address)
    {
        bool wantUdp = !_options.RelayOnly && _options.GatherUdp;
        IReadOnlyList<IPEndPoint> stun = HostOnly ? [] : _options.StunServers;
        if (wantUdp)
        {
            UdpPort? udp = UdpPort.Create(_env, _scheduler, _context, network, ordinal, address, stun, emitHost: true, _options.MinPort, _options.MaxPort);
            if (udp is not null)
            {
                Add(udp);
            }
        }

        OpenTcp(network, ordinal, address);
        if (HostOnly || _turnFactory is null)
        {
            return;
        }

        foreach (TurnServerConfig turn in _options.TurnServers)
        {
            if (turn.Address.AddressFamily != address.AddressFamily)
            {
                continue;
            }

            Port? port = _turnFactory.Create(_env, _scheduler, _context, network, ordinal, address, turn);
            if (port is not null)
            {
                Add(port);
            }
        }
    }

    /// <summary>
    /// RFC 6544 host candidates: an active one (connects out, port 9) and a passive one (listens); an ICE-lite agent,
    /// which sends no checks, only the passive one. Not under relay-only, nor without a worker thread.
    /// </summary>
    private void OpenTcp(NetworkInfo network, int ordinal, IPAddress address)
    {
        if (!_options.GatherTcp || _options.RelayOnly)
        {
            return;
        }

        if (_scheduler.Thread is null && !_options.TcpWithoutWorker)
        {
            if (!_tcpSkipLogged)
            {
                _tcpSkipLogged = true;
                IceLog.TcpNotGathered(_env.LoggerFactory.CreateLogger("Jingle.Net.Ice.Port"), _context.ContentName, "no worker thread");
            }

            return;
        }

        TcpCandidateType[] types = HostOnly ? [TcpCandidateType.Passive] : [TcpCandidateType.Active, TcpCandidateType.Passive];
        foreach (TcpCandidateType type in types)
        {
            TcpPort? port = TcpPort.Create(_env, _scheduler, _context, network, ordinal, address, type);
            if (port is not null)
            {
                Add(port);
            }
        }
    }

    private void Add(Port port)
    {
        port.Listener = this;
        _ports.Add(port);
        _pending.Add(port);
    }

    public void OnCandidateReady(Port port, IceCandidate candidate) => _owner.OnCandidateReady(port, candidate);

    public void OnPortComplete(Port port)
    {
        _pending.Remove(port);
        _owner.OnPortComplete(port);
        MaybeComplete();
    }

    public void OnReadPacket(Port port, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp) =>
        _owner.OnReadPacket(port, packet, remote, timestamp);

    public void OnRemoteClosed(Port port, IPEndPoint remote, string reason) => _owner.OnRemoteClosed(port, remote, reason);

    public void DisposePort(Port port)
    {
        _ports.Remove(port);
        _pending.Remove(port);
        port.Dispose();
    }

    public void Dispose()
    {
        foreach (Port port in _ports)
        {
            port.Dispose();
        }

        _ports.Clear();
        _pending.Clear();
    }

    private void MaybeComplete()
    {
        if (!IsComplete && _started && _pending.Count == 0)
        {
            IsComplete = true;
            Completed?.Invoke(this);
        }
    }
}
