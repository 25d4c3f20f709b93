using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Transport;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice.Channel;

/// <summary>
/// The ICE agent for one component (libjingle's P2PTransportChannel; RFC 8445, RFC 8838 trickle, RFC 7675 consent):
/// gathers local candidates through its ports, pairs them with the remote candidates given at any time, runs the
/// paced checks, nominates, selects the pair to send on and keeps checking it. It is the
/// <see cref="IPacketTransport"/> DTLS runs over. Every member is used on the worker thread given in the options;
/// events are raised there once the call that caused them has finished changing state.
/// </summary>
public sealed partial class P2PTransportChannel : IPacketTransport, IAsyncDisposable, IDisposable
{
    private readonly JingleEnvironment _env;
    private readonly P2PTransportChannelOptions _options;
    private PortAllocatorOptions _allocator;
    private readonly IceConfig _config;
    private readonly IceScheduler _scheduler;
    private readonly ILogger _logger;
    private readonly IceCheckList _checklist;
    private readonly List<PortAllocatorSession> _sessions = [];
    private readonly Dictionary<(Ports.Port, IPEndPoint), Connection> _connections = [];
    private readonly List<RemoteGeneration> _remoteGenerations = [];
    private readonly List<(IceCandidate Candidate, RemoteGeneration Generation)> _remoteCandidates = [];
    private readonly List<Action> _deferred = [];
    private readonly byte[] _stunBuffer = new byte[600];
    private IceParameters? _localParameters;
    private int _localGeneration = -1;
    private bool _localGenerationPending;
    private Connection? _selected;
    private IceTransportState _state = IceTransportState.New;
    private IceGatheringState _gatheringState = IceGatheringState.New;
    private bool _remoteEndOfCandidates;
    private bool _closed;
    private int _nextConnectionId;
    private int _flushDepth;
    private uint _nominationCounter;
    private long _selectedSinceMs;
    private long _malformedStun, _badRequests, _unauthorized, _responsesDropped, _unknownSource, _roleConflicts, _sendFailures;

    public P2PTransportChannel(JingleEnvironment environment, P2PTransportChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _env = environment;
        _options = options ?? new P2PTransportChannelOptions();
        _config = _options.Ice;
        _allocator = _options.Allocator;
        _scheduler = new IceScheduler(environment.TimeProvider, _options.Worker);
        _logger = environment.LoggerFactory.CreateLogger("Jingle.Net.Ice.P2PTransportChannel");
        _checklist = new IceCheckList(_config);
        Role = _config.IceLite ? IceRole.Controlled : _options.Role;
        _checklist.Role = Role;
        TieBreaker = environment.Random.NextUInt64();
    }

    /// <inheritdoc />
    public string TransportName => $"{_options.TransportName}:{_options.Component}";

    public int Component => _options.Component;

    /// <summary>The current role (changed by <see cref="SetRole"/> or a role conflict).</summary>
    public IceRole Role { get; private set; }

    /// <summary>The 64-bit tie-breaker of role conflicts (RFC 8445 §7.3.1.1).</summary>
    public ulong TieBreaker { get; set; }

    public IceTransportState State => _state;

    public IceGatheringState GatheringState => _gatheringState;

    /// <summary>The current local ICE parameters (null before <see cref="SetLocalParameters(IceParameters)"/>).</summary>
    public IceParameters? LocalParameters => _localParameters;

    /// <inheritdoc />
    public bool IsWritable => _selected is { Writable: true, CheckState: not IceCheckState.Failed } && !_closed;

    /// <summary>The selected pair, or null.</summary>
    public CandidatePairStats? SelectedPair => _selected?.GetStats(Role, selected: true);

    /// <summary>Local candidates gathered so far (all generations).</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates =>
        [.. _sessions.SelectMany(s => s.Ports).SelectMany(p => p.Candidates).Where(c => c.Type != CandidateType.PeerReflexive)];

    /// <summary>Timers pending on the clock (tests assert none remain after disposal).</summary>
    internal int PendingTimers => _scheduler.PendingCount;

    internal IceCheckList CheckList => _checklist;

    /// <summary>The ports of every live gathering session (benchmarks and tests).</summary>
    internal IReadOnlyList<Ports.Port> Ports => [.. _sessions.SelectMany(s => s.Ports)];

    /// <summary>Feeds a datagram as if <paramref name="port"/> had received it (benchmarks and tests).</summary>
    internal void InjectPacket(Ports.Port port, ReadOnlySpan<byte> packet, IPEndPoint remote) => OnReadPacket(port, packet, remote, 0);

    /// <inheritdoc />
    public event Action<IPacketTransport>? WritableStateChanged;

    /// <inheritdoc />
    public event TransportPacketHandler? PacketReceived;

    public event EventHandler<CandidateGatheredEventArgs>? CandidateGathered;

    public event EventHandler<IceGatheringState>? GatheringStateChanged;

    public event EventHandler<IceTransportState>? StateChanged;

    public event EventHandler<SelectedPairChangedEventArgs>? SelectedPairChanged;

    /// <summary>Sets the role (before checks start, or to follow signaling, e.g. the offerer controls).</summary>
    public void SetRole(IceRole role)
    {
        using var scope = Enter();
        if (_config.IceLite)
        {
            role = IceRole.Controlled;
        }

        if (Role != role)
        {
            Role = role;
            _checklist.Role = role;
            _checklist.Sort();
        }
    }

    /// <summary>
    /// Sets the local ufrag/pwd. The first call before <see cref="StartGathering"/> sets generation 0; a later call with
    /// different credentials is an ICE restart: new ports gather new candidates, and traffic stays on the current
    /// pair until a pair of the new generation is writable. The credentials of an earlier generation whose ports are
    /// still open again are a rollback to it (see <see cref="SetLocalParameters(IceParameters, bool)"/>).
    /// </summary>
    public void SetLocalParameters(IceParameters parameters) => SetLocalParameters(parameters, pending: false);

    /// <summary>
    /// Sets the local ufrag/pwd as <see cref="SetLocalParameters(IceParameters)"/> does. With <paramref name="pending"/>
    /// a restart is pending (the local offer that carries it is not answered yet, RFC 9429 §4.1.8.2): the new
    /// generation gathers and its pairs are checked, but it is not preferred over a working pair of the earlier
    /// generations and does not prune them, because the peer may never learn its ufrag. The next
    /// <see cref="SetRemoteParameters"/> (the answer) confirms it. Until then the credentials of an earlier generation
    /// again roll the restart back: the newer generations' gathering, ports and pairs go, the earlier generation's
    /// ports pair again with the peer's current candidates, and the selected pair, if it was an earlier one, stays.
    /// </summary>
    public void SetLocalParameters(IceParameters parameters, bool pending)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate(_config.LegacyGoogleIce);
        using var scope = Enter();
        if (_localParameters is not null && _localParameters.Ufrag == parameters.Ufrag && _localParameters.Password == parameters.Password)
        {
            return;
        }

        PortAllocatorSession? earlier = _sessions.Find(s => s.Context.Generation < _localGeneration
            && s.Context.Parameters.Ufrag == parameters.Ufrag && s.Context.Parameters.Password == parameters.Password);
        if (earlier is not null)
        {
            RollBackLocalGenerations(earlier);
            return;
        }

        bool restart = _localParameters is not null && _sessions.Count > 0;
        _localParameters = parameters;
        if (restart)
        {
            _localGeneration++;
            _localGenerationPending = pending;
            IceLog.IceRestart(_logger, TransportName, parameters.Ufrag, _localGeneration);
            StartSession();
        }
    }

    /// <summary>
    /// Replaces what gathering uses — STUN and TURN servers, the relay-only policy, the network filter — as
    /// libwebrtc's PortAllocator::SetConfiguration and SetCandidateFilter do (W3C setConfiguration). The servers and
    /// the network filter take effect at the next gathering session, i.e. the next ICE restart
    /// (<see cref="SetLocalParameters(IceParameters)"/> with new credentials); the ports already gathered stay. A change to
    /// relay-only applies at once to what is new: from then on only relay candidates are signaled (a gathering still
    /// running stops surfacing host and server-reflexive ones) and only relay candidates form new pairs (signaled or
    /// learned from a check); pairs that exist already keep running, as in libwebrtc, until an ICE restart replaces
    /// them. Changing back to all affects the next gathering session only.
    /// </summary>
    public void SetAllocatorOptions(PortAllocatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var scope = Enter();
        _allocator = options;
    }

    /// <summary>What the next gathering session uses (the options given, then the last <see cref="SetAllocatorOptions"/>).</summary>
    public PortAllocatorOptions AllocatorOptions => _allocator;

    /// <summary>Candidates gathered but neither signaled nor paired because the policy became relay-only meanwhile.</summary>
    internal long CandidatesFilteredByPolicy { get; private set; }

    /// <summary>
    /// Sets the peer's ufrag/pwd (and ICE-lite). A different ufrag than the current one is a remote ICE restart;
    /// candidates added afterwards belong to the new generation. The ufrag of an earlier generation again is a
    /// rollback to it (RFC 9429 §4.1.8.2, a rolled-back remote offer that restarted ICE): the newer generations, their
    /// candidates and pairs go, and the earlier generation's pairs are formed again where a newer one had pruned them.
    /// A pending local restart (<see cref="SetLocalParameters(IceParameters, bool)"/>) is confirmed: its pairs may now
    /// take over and the older local generations go once one of them is selected.
    /// </summary>
    public void SetRemoteParameters(IceParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = Enter();
        ConfirmLocalGeneration();
        RemoteGeneration? latest = _remoteGenerations.Count > 0 ? _remoteGenerations[^1] : null;
        int earlier = _remoteGenerations.FindIndex(g => g.Ufrag == parameters.Ufrag);
        if (earlier >= 0 && earlier < _remoteGenerations.Count - 1)
        {
            RollBackRemoteGenerations(earlier, parameters);
            latest = _remoteGenerations[^1];
        }

        if (latest is not null && (latest.Ufrag is null || latest.Ufrag == parameters.Ufrag))
        {
            latest.Ufrag = parameters.Ufrag;
            latest.Password = parameters.Password;
            latest.Key = System.Text.Encoding.UTF8.GetBytes(parameters.Password);
            latest.IsIceLite = parameters.IsIceLite;
        }
        else
        {
            _remoteGenerations.Add(new RemoteGeneration(_remoteGenerations.Count, parameters.Ufrag, parameters.Password, parameters.IsIceLite));
            _remoteEndOfCandidates = false;
        }

        if (parameters.IsIceLite && !_config.IceLite && Role != IceRole.Controlling)
        {
            // RFC 8445 §6.1.1: with an ICE-lite peer the full agent is controlling.
            Role = IceRole.Controlling;
            _checklist.Role = Role;
            _checklist.Sort();
        }

        ScheduleTick(_scheduler.NowMs);
    }

    /// <summary>Starts gathering local candidates (CandidateGathered per candidate, then GatheringState Complete).</summary>
    public void StartGathering()
    {
        using var scope = Enter();
        if (_localParameters is null)
        {
            throw new InvalidOperationException("SetLocalParameters must be called before StartGathering.");
        }

        if (_sessions.Count > 0)
        {
            return;
        }

        _localGeneration = 0;
        StartSession();
    }

    /// <summary>
    /// Adds a remote candidate (trickle: any time, any order, before or after the remote parameters). An mDNS
    /// (<c>.local</c>) candidate is resolved asynchronously (<see cref="P2PTransportChannelOptions.MdnsResolver"/>) and
    /// then added on the worker thread; one that does not resolve is dropped, counted and logged.
    /// </summary>
    public void AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        using var scope = Enter();
        if (candidate.Component != Component)
        {
            IceLog.RemoteCandidateIgnored(_logger, TransportName, candidate.ToSdpString(), "other component");
            return;
        }

        if (candidate.EndPoint is null && Mdns.MdnsResolver.IsMdnsName(candidate.Host))
        {
            ResolveMdnsCandidate(candidate);
            return;
        }

        if (candidate.EndPoint is null)
        {
            IceLog.RemoteCandidateIgnored(_logger, TransportName, candidate.ToSdpString(), "unresolved mDNS name");
            return;
        }

        if (candidate.Protocol == CandidateProtocol.SslTcp || (candidate.Protocol == CandidateProtocol.Tcp && candidate.TcpType == TcpCandidateType.None))
        {
            IceLog.RemoteCandidateIgnored(_logger, TransportName, candidate.ToSdpString(), "ssltcp, or tcp without tcptype");
            return;
        }

        RemoteGeneration generation = GenerationFor(candidate);
        for (int i = 0; i < _remoteCandidates.Count; i++)
        {
            (IceCandidate existing, RemoteGeneration g) = _remoteCandidates[i];
            if (g == generation && existing.Port == candidate.Port && existing.Host == candidate.Host && existing.Protocol == candidate.Protocol)
            {
                if (existing.Type != CandidateType.PeerReflexive || candidate.Type == CandidateType.PeerReflexive)
                {
                    return;
                }

                _remoteCandidates.RemoveAt(i); // learned as peer-reflexive first; the signaled candidate replaces it
                break;
            }
        }

        _remoteCandidates.Add((candidate, generation));
        foreach (PortAllocatorSession session in _sessions)
        {
            if (session.Context.Generation != _localGeneration)
            {
                continue;
            }

            foreach (Ports.Port port in session.Ports)
            {
                CreateConnection(port, candidate, generation);
            }
        }

        ScheduleTick(_scheduler.NowMs);
    }

    /// <summary>The peer signaled end-of-candidates (RFC 8838 §8.2) for its current generation.</summary>
    public void AddRemoteEndOfCandidates()
    {
        using var scope = Enter();
        _remoteEndOfCandidates = true;
        if (_remoteGenerations.Count > 0)
        {
            _remoteGenerations[^1].EndOfCandidates = true;
        }

        UpdateTransportState();
    }

    /// <inheritdoc />
    public bool Send(ReadOnlySpan<byte> packet)
    {
        Connection? selected = _selected;
        if (selected is null || !selected.Writable || selected.CheckState == IceCheckState.Failed || _closed)
        {
            _sendFailures++;
            return false;
        }

        if (!selected.Send(packet))
        {
            _sendFailures++;
            return false;
        }

        return true;
    }

    /// <summary>Pairs, counters and state.</summary>
    public IceTransportStats GetStats() => new()
    {
        State = _state,
        Role = Role,
        Pairs = [.. _checklist.Connections.Select(c => c.GetStats(Role, ReferenceEquals(c, _selected)))],
        SelectedPair = SelectedPair,
        MalformedStunDropped = _malformedStun,
        BadRequestsAnswered = _badRequests,
        UnauthorizedAnswered = _unauthorized,
        ResponsesDropped = _responsesDropped,
        UnknownSourceDropped = _unknownSource,
        RoleConflicts = _roleConflicts,
        SendFailures = _sendFailures,
        MdnsCandidatesResolved = _mdnsResolved,
        MdnsCandidatesUnresolved = _mdnsUnresolved,
    };

    /// <summary>Stops checking, closes the ports and moves to <see cref="IceTransportState.Closed"/>.</summary>
    public void Close()
    {
        using var scope = Enter();
        if (_closed)
        {
            return;
        }

        _closed = true;
        _tickTimer?.Dispose();
        _tickTimer = null;
        _defaultMdnsResolver?.Dispose();
        foreach (PortAllocatorSession session in _sessions)
        {
            session.Dispose();
        }

        bool wasWritable = _selected?.Writable == true;
        _selected = null;
        if (wasWritable)
        {
            Defer(() => WritableStateChanged?.Invoke(this));
        }

        SetState(IceTransportState.Closed);
    }

    public void Dispose() => Close();

    public ValueTask DisposeAsync()
    {
        if (_options.Worker is { } worker && !worker.IsCurrent)
        {
            return new ValueTask(worker.InvokeAsync(Close));
        }

        Close();
        return ValueTask.CompletedTask;
    }

    private RemoteGeneration GenerationFor(IceCandidate candidate)
    {
        if (candidate.Ufrag is not null)
        {
            foreach (RemoteGeneration g in _remoteGenerations)
            {
                if (g.Ufrag == candidate.Ufrag)
                {
                    return g;
                }
            }

            if (_remoteGenerations.Count > 0 && _remoteGenerations[^1].Ufrag is null)
            {
                _remoteGenerations[^1].Ufrag = candidate.Ufrag;
                return _remoteGenerations[^1];
            }

            if (_remoteGenerations.Count > 0)
            {
                // A candidate of a newer generation than the parameters we have (restart trickled ahead of them).
                var next = new RemoteGeneration(_remoteGenerations.Count, candidate.Ufrag, null, false);
                _remoteGenerations.Add(next);
                _remoteEndOfCandidates = false;
                return next;
            }
        }

        if (_remoteGenerations.Count == 0)
        {
            _remoteGenerations.Add(new RemoteGeneration(0, candidate.Ufrag, null, false));
        }

        return _remoteGenerations[^1];
    }

    /// <summary>Events are queued while state changes and raised when the outermost entry point returns.</summary>
    private FlushScope Enter()
    {
        _flushDepth++;
        return new FlushScope(this);
    }

    private void Defer(Action action)
    {
        if (_flushDepth == 0)
        {
            action(); // not inside an entry point: nothing to wait for
            return;
        }

        _deferred.Add(action);
    }

    private void ExitScope()
    {
        if (_flushDepth == 1)
        {
            RunRequestedTick();
        }

        if (--_flushDepth > 0)
        {
            return;
        }

        while (_deferred.Count > 0)
        {
            Action[] actions = [.. _deferred];
            _deferred.Clear();
            _flushDepth++;
            try
            {
                foreach (Action action in actions)
                {
                    action();
                }
            }
            finally
            {
                _flushDepth--;
            }
        }
    }

    private readonly struct FlushScope(P2PTransportChannel owner) : IDisposable
    {
        public void Dispose() => owner.ExitScope();
    }
}
