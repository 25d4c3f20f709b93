using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Configuration;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Sctp;
using Jingle.Net.Sctp.DataChannels;
using Jingle.Net.Sctp.Transport;
using Microsoft.Extensions.Logging;

namespace Jingle.Net;

/// <summary>
/// The one BUNDLE transport of a <see cref="PeerConnection"/>, owned by the worker thread: ICE → DTLS → SCTP →
/// data channels. Everything here runs on the worker; state changes are posted to the signaling thread.
/// </summary>
internal sealed class PeerConnectionTransport
{
    internal const long LocalMaxMessageSize = 256 * 1024;

    private readonly PeerConnection _pc;
    private readonly JingleEnvironment _env;
    private readonly RtcThread _worker;
    private int _selectedConnectionId = -1;
    private readonly RtcThread _signaling;
    private readonly List<RtcDataChannel> _unbound = [];
    private readonly List<RtcDataChannel> _bound = [];
    private IceRole _role = IceRole.Controlling;
    private RtcCertificateFingerprint? _remoteFingerprint;
    private DtlsSetup? _remoteSetup;
    private int _remoteSctpPort = 5000;
    private bool _gathering;
    private bool _iceStarted;
    private List<Action<P2PTransportChannel>>? _heldRemote;
    private bool _roleFixed;
    private bool _dtlsStarted;
    private bool _closed;

    public PeerConnectionTransport(PeerConnection pc)
    {
        _pc = pc;
        _env = pc.Environment;
        _worker = pc.WorkerThread;
        _signaling = pc.SignalingThread;
        Media = new RtpMediaTransport(pc.Environment, pc.WorkerThread, pc.Logger);
        if (pc.Configuration.IceCandidatePoolSize > 0)
        {
            _worker.Post(static t => t.StartPool(), this);
        }
    }

    /// <summary>
    /// Candidate pool (iceCandidatePoolSize &gt; 0): gather now, before any description. The role is provisional
    /// until the first description fixes it (<see cref="EnsureIce"/>); the PeerConnection keeps the candidates and
    /// signals them with its first local description.
    /// </summary>
    public void StartPool(IceParameters? parameters = null)
    {
        if (_closed || Ice is not null)
        {
            return;
        }

        P2PTransportChannel ice = EnsureIce(IceRole.Controlling, parameters);
        _roleFixed = false;
        _gathering = true;
        Pooled = true;
        ice.StartGathering();
    }

    /// <summary>True once gathering started before any description (the candidate pool).</summary>
    public bool Pooled { get; private set; }

    /// <summary>
    /// True when gathering started as the first remote offer was applied (the answerer binds its ports while the
    /// application creates and applies the answer), not with the local description.
    /// </summary>
    public bool GatheredOnRemoteOffer { get; private set; }

    /// <summary>The SRTP media path (transceivers).</summary>
    public RtpMediaTransport Media { get; }

    /// <summary>Set once a description carries media: the DTLS handshake must then negotiate an SRTP profile.</summary>
    public bool RequireSrtp { get; set; }

    /// <summary>The SRTP profiles DTLS offers (use_srtp), most preferred first.</summary>
    public IReadOnlyList<SrtpProtectionProfile> SrtpProfiles { get; set; } = SrtpProtectionProfileExtensions.DefaultProfiles;

    public P2PTransportChannel? Ice { get; private set; }

    public DtlsTransport? Dtls { get; private set; }

    public SctpTransport? Sctp { get; private set; }

    public DataChannelManager? Manager { get; private set; }

    public long RemoteMaxMessageSize { get; private set; } = 65536;

    public IReadOnlyList<RtcDataChannel> Channels => _bound;

    private P2PTransportChannel EnsureIce(IceRole role, IceParameters? parameters = null)
    {
        if (Ice is not null)
        {
            if (!_roleFixed)
            {
                _roleFixed = true;   // a pooled channel learns its role from the first description
                if (Ice.Role != role)
                {
                    Ice.SetRole(role);
                }
            }

            return Ice;
        }

        _role = role;
        _roleFixed = true;
        RtcConfiguration config = _pc.Configuration;
        var channel = new P2PTransportChannel(_env, new P2PTransportChannelOptions
        {
            TransportName = "0",
            Role = role,
            Worker = _worker,
            Allocator = BuildAllocator(config, _pc.Logger),
        });
        // A discarded candidate pool's channel (SetConfiguration before any description) reports nothing more.
        channel.CandidateGathered += (_, e) =>
        {
            if (ReferenceEquals(channel, Ice))
            {
                _signaling.Post(static s => s.Pc.OnLocalCandidate(s.Candidate), new CandidateEvent(_pc, e.Candidate));
            }
        };
        channel.GatheringStateChanged += (_, state) =>
        {
            if (ReferenceEquals(channel, Ice))
            {
                _signaling.Post(static s => s.Pc.OnGatheringState(s.State, s.Ufrag), new GatheringEvent(_pc, state, channel.LocalParameters?.Ufrag));
            }
        };
        channel.StateChanged += (_, state) =>
        {
            if (ReferenceEquals(channel, Ice))
            {
                _signaling.Post(static s => s.Pc.OnIceState(s.State), new IceStateEvent(_pc, state));
            }
        };
        channel.SelectedPairChanged += (_, e) =>
        {
            // A different pair under a running association: its RTT and queues are not the ones SCTP measured.
            if (ReferenceEquals(channel, Ice) && e.Pair is { } pair && pair.ConnectionId != _selectedConnectionId)
            {
                bool changed = _selectedConnectionId >= 0;
                _selectedConnectionId = pair.ConnectionId;
                if (changed && Sctp is { } sctp)
                {
                    sctp.OnPathChanged();
                }
            }
        };
        channel.SetLocalParameters(parameters ?? _pc.LocalIceParameters);
        Ice = channel;

        // DTLS exists from the start so the peer's ClientHello is queued, not lost, when the peer's ICE turns
        // writable before our answer is applied (it would cost a retransmission timeout).
        var dtls = new DtlsTransport(_env, channel, new DtlsTransportOptions
        {
            Certificate = _pc.Certificate,
            OwnerThread = _worker,
            InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100),
            ReceiveQueueCapacity = 8192,   // a 64 KiB message is 55 records; bursts of cwnd arrive faster than the DTLS thread decrypts
            SrtpProfiles = SrtpProfiles,
            RequireSrtp = RequireSrtp,
        });
        dtls.StateChanged += (_, state) =>
        {
            if (ReferenceEquals(dtls, Dtls))
            {
                OnDtlsState(state);
            }
        };
        dtls.SrtpPacketReceived += Media.OnSrtpPacket;
        Dtls = dtls;
        return channel;
    }

    private static PortAllocatorOptions BuildAllocator(RtcConfiguration config, ILogger logger)
    {
        var stun = new List<IPEndPoint>();
        var turn = new List<TurnServerConfig>();
        foreach (IceServer server in config.IceServers)
        {
            foreach (IceServerUri uri in server.Validate())
            {
                foreach (IPAddress address in Resolve(uri.Host))
                {
                    var endpoint = new IPEndPoint(address, uri.Port);
                    if (uri.Scheme == IceServerScheme.Stun)
                    {
                        stun.Add(endpoint);
                    }
                    else if (uri.Scheme == IceServerScheme.Turn)
                    {
                        turn.Add(new TurnServerConfig(endpoint, server.Username ?? string.Empty, server.Credential ?? string.Empty)
                        {
                            Transport = uri.Transport == IceServerTransport.Tcp ? TurnTransport.Tcp : TurnTransport.Udp,
                        });
                    }
                    else if (uri.Scheme == IceServerScheme.Turns)
                    {
                        // TURN over TLS over TCP (RFC 7065): the certificate is checked against the URI's host.
                        turn.Add(new TurnServerConfig(endpoint, server.Username ?? string.Empty, server.Credential ?? string.Empty)
                        {
                            Transport = TurnTransport.Tls,
                            TlsTargetHost = uri.Host.Trim('[', ']'),
                            TlsCertificateValidation = config.TurnsCertificateValidation,
                        });
                    }
                    else
                    {
                        JingleLog.IceServerSkipped(logger, uri.ToString());   // stuns: has no use in ICE gathering
                    }
                }
            }
        }

        return new PortAllocatorOptions
        {
            NetworkFilter = config.NetworkFilter,
            StunServers = stun,
            TurnServers = turn,
            RelayOnly = config.IceTransportPolicy == IceTransportPolicy.Relay,
        };
    }

    private static IPAddress[] Resolve(string host)
    {
        string bare = host.Trim('[', ']');
        if (IPAddress.TryParse(bare, out IPAddress? ip))
        {
            return [ip];
        }

        try
        {
            return [.. Dns.GetHostAddresses(bare).Where(a => a.AddressFamily == AddressFamily.InterNetwork).Take(1)];
        }
        catch (SocketException)
        {
            return [];
        }
    }

    public void StartIce(IceRole role)
    {
        if (_closed)
        {
            return;
        }

        P2PTransportChannel ice = EnsureIce(role);
        if (!_iceStarted)
        {
            _iceStarted = true;
            List<Action<P2PTransportChannel>>? held = _heldRemote;
            _heldRemote = null;
            foreach (Action<P2PTransportChannel> step in held ?? [])
            {
                step(ice);   // the remote parameters and candidates held until now: checks may start
            }
        }

        StartGathering(ice);
    }

    /// <summary>
    /// Binding the ports is posted, not run inside the step that asked for it: the description resolves (and the
    /// application can signal it) while this worker gathers, as libwebrtc's MaybeStartGathering does.
    /// </summary>
    private void StartGathering(P2PTransportChannel ice)
    {
        if (!_gathering)
        {
            _gathering = true;
            _worker.Post(static s => s.Transport.StartGatheringIfOpen(s.Ice), new GatheringStart(this, ice));
        }
    }

    /// <summary>
    /// Applies a remote-side step to the ICE channel now if the local description started ICE, else holds it until
    /// then: no connectivity check (which would reveal our addresses) goes out before the local description is
    /// applied, even though the ports may already be bound (the candidate pool, or gathering on the remote offer).
    /// </summary>
    private void ApplyRemote(Action<P2PTransportChannel> step)
    {
        if (Ice is null)
        {
            return;
        }

        if (_iceStarted)
        {
            step(Ice);
        }
        else
        {
            (_heldRemote ??= []).Add(step);
        }
    }

    private void StartGatheringIfOpen(P2PTransportChannel ice)
    {
        if (!_closed && ReferenceEquals(ice, Ice))
        {
            ice.StartGathering();
        }
    }

    /// <summary>
    /// ICE restart with new local credentials: the channel gathers a new generation; DTLS/SCTP stay on the current
    /// pair until a pair of the new generation is selected. <paramref name="pending"/>: carried by a local offer, so
    /// not answered yet (the channel keeps the earlier generation until the answer, and a rollback returns to it).
    /// </summary>
    public void RestartIce(IceParameters parameters, bool pending)
    {
        if (_closed || Ice is null)
        {
            return;   // not started yet: StartIce picks the new credentials up
        }

        Ice.SetLocalParameters(parameters, pending);
    }

    /// <summary>Gives the ICE channel our earlier credentials back (a rolled-back local offer that restarted ICE).</summary>
    public void RestoreLocalIce(IceParameters parameters)
    {
        if (!_closed)
        {
            Ice?.SetLocalParameters(parameters);
        }
    }

    /// <summary>
    /// A configuration accepted by <see cref="PeerConnection.SetConfiguration"/>: the ICE channel gathers with its
    /// servers, policy and network filter from its next session (an ICE restart); a channel not made yet reads the
    /// configuration when it is made.
    /// </summary>
    public void SetConfiguration(RtcConfiguration config)
    {
        if (!_closed && Ice is not null)
        {
            Ice.SetAllocatorOptions(BuildAllocator(config, _pc.Logger));
        }
    }

    /// <summary>
    /// Drops the candidate pool gathered before any description (its ports, its DTLS transport that never started)
    /// and, with <paramref name="regather"/>, gathers a new pool with the current configuration under the new
    /// credentials <paramref name="parameters"/>. Nothing is dropped once a description started ICE.
    /// </summary>
    public void DiscardPool(IceParameters parameters, bool regather)
    {
        if (_closed || _iceStarted || _heldRemote is not null || _remoteFingerprint is not null)
        {
            return;
        }

        if (Ice is { } ice)
        {
            DtlsTransport? dtls = Dtls;
            Ice = null;
            Dtls = null;
            Pooled = false;
            _gathering = false;
            _ = DisposePoolAsync(ice, dtls);
        }

        if (regather)
        {
            StartPool(parameters);
        }
    }

    private async Task DisposePoolAsync(P2PTransportChannel ice, DtlsTransport? dtls)
    {
        try
        {
            if (dtls is not null)
            {
                await dtls.DisposeAsync().ConfigureAwait(true);
            }

            await ice.DisposeAsync().ConfigureAwait(true);
        }
        catch (ObjectDisposedException)
        {
            // the worker is stopping: the factory's disposal releases the rest
        }
    }

    /// <summary>Gives the ICE channel the peer's earlier credentials back (a rolled-back remote ICE restart).</summary>
    public void RestoreRemoteIce(IceParameters parameters)
    {
        if (!_closed)
        {
            Ice?.SetRemoteParameters(parameters);
        }
    }

    public void SetRemote(IceRole role, IceParameters parameters, IReadOnlyList<IceCandidate> candidates, bool endOfCandidates,
        RtcCertificateFingerprint fingerprint, DtlsSetup? setup, int sctpPort, long maxMessageSize)
    {
        if (_closed)
        {
            return;
        }

        P2PTransportChannel ice = EnsureIce(role);
        if (!_iceStarted && !_gathering)
        {
            // The first remote offer, before any local description: the answer will need the ports, so they are bound
            // now, while the application creates and applies the answer, not after (gathering is then off the setup's
            // critical path). As with the candidate pool, the candidates are signaled only with the local answer.
            GatheredOnRemoteOffer = true;
            StartGathering(ice);
        }

        ApplyRemote(ice =>
        {
            if (parameters.IsIceLite && ice.Role != IceRole.Controlling)
            {
                ice.SetRole(IceRole.Controlling);   // RFC 8445 §6.1.1: a full agent controls a lite peer
            }

            ice.SetRemoteParameters(parameters);
            foreach (IceCandidate candidate in candidates)
            {
                ice.AddRemoteCandidate(candidate);
            }

            if (endOfCandidates)
            {
                ice.AddRemoteEndOfCandidates();
            }
        });
        _remoteFingerprint = fingerprint;
        _remoteSetup = setup;
        _remoteSctpPort = sctpPort;
        RemoteMaxMessageSize = maxMessageSize;
    }

    public void AddRemoteCandidate(IceCandidate candidate) => ApplyRemote(ice => ice.AddRemoteCandidate(candidate));

    public void AddRemoteEndOfCandidates() => ApplyRemote(static ice => ice.AddRemoteEndOfCandidates());

    public void StartDtls(DtlsSetup localSetup, bool hasDataChannel)
    {
        if (_closed || _dtlsStarted || Dtls is not { } dtls || _remoteFingerprint is null)
        {
            return;
        }

        _dtlsStarted = true;
        DtlsRole role = DtlsSetupExtensions.ResolveLocalRole(localSetup, _remoteSetup ?? DtlsSetup.ActPass);
        if (hasDataChannel)
        {
            var manager = new DataChannelManager(_env, role == DtlsRole.Client);
            // One SACK per burst read from the socket (up to 8 DATA packets): with the receive window auto-tuned, a
            // sender no longer overruns its own queues, and then each SACK saved is CPU saved on both sides (Chromium
            // -> ours, warm: median 38.7 vs 35.2 MB/s against a SACK every second packet; aiortc and ours unchanged).
            var sctp = new SctpTransport(_env, dtls, new SctpOptions { RemotePort = (ushort)_remoteSctpPort, MaxMessageSize = (int)LocalMaxMessageSize, EnableZeroChecksum = true, MaxDataPacketsPerSack = 8 },
                manager, _worker);
            manager.Attach(sctp.Association);
            manager.DataChannelReceived += OnRemoteChannel;
            Manager = manager;
            Sctp = sctp;
            foreach (RtcDataChannel channel in _unbound)
            {
                Bind(channel);
            }

            _unbound.Clear();
        }

        JingleLog.DtlsStarting(_pc.Logger, role.ToString());
        dtls.Start(role, _remoteFingerprint);
    }

    private void OnDtlsState(DtlsTransportState state)
    {
        if (state == DtlsTransportState.Connected && Dtls is not null)
        {
            Media.OnDtlsConnected(Dtls);
        }

        if (state == DtlsTransportState.Connected && Sctp is not null)
        {
            // Both sides send INIT, as libwebrtc does (the association resolves the collision, RFC 9260 §5.2.4):
            // aiortc initiates from the ICE-controlling side only, so waiting for the DTLS client would stall there.
            Sctp.Connect();
        }

        if (state is DtlsTransportState.Failed or DtlsTransportState.Closed)
        {
            AbandonChannels();
        }

        string? error = Dtls?.Error?.ToString();
        _signaling.Post(static s => s.Pc.OnDtlsState(s.State, s.Error, s.Role), new DtlsStateEvent(_pc, state, error, Dtls?.Role));
    }

    public void AddChannel(RtcDataChannel channel)
    {
        if (_closed)
        {
            return;
        }

        if (Manager is null)
        {
            _unbound.Add(channel);
        }
        else
        {
            Bind(channel);
        }
    }

    private void Bind(RtcDataChannel channel)
    {
        DataChannel sctp;
        try
        {
            sctp = Manager!.CreateDataChannel(channel.Label, channel.Init);
        }
        catch (InvalidOperationException e)
        {
            JingleLog.ChannelRejected(_pc.Logger, channel.Label, e.Message);
            channel.Abandon();
            return;
        }

        channel.MaxMessageSize = RemoteMaxMessageSize;
        _bound.Add(channel);
        channel.Bind(sctp);
    }

    private void OnRemoteChannel(DataChannel sctp)
    {
        var init = new DataChannelInit
        {
            Ordered = sctp.Ordered,
            MaxRetransmits = sctp.MaxRetransmits,
            MaxPacketLifeTime = sctp.MaxPacketLifeTime,
            Protocol = sctp.Protocol,
            Negotiated = sctp.Negotiated,
            Id = sctp.Id,
            Priority = sctp.Priority,
        };
        var channel = new RtcDataChannel(_signaling, _worker, sctp.Label, init, RemoteMaxMessageSize);
        _bound.Add(channel);
        channel.Bind(sctp);
        _signaling.Post(static s => s.Pc.OnRemoteChannel(s.Channel), new RemoteChannelEvent(_pc, channel));
    }

    private void AbandonChannels()
    {
        foreach (RtcDataChannel channel in _bound)
        {
            if (channel.ReadyState != DataChannelState.Closed)
            {
                channel.Abandon();
            }
        }

        foreach (RtcDataChannel channel in _unbound)
        {
            channel.Abandon();
        }

        _unbound.Clear();
    }

    /// <summary>Releases every socket, timer and thread of the transport (worker thread).</summary>
    public async Task CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        AbandonChannels();
        Media.Dispose();
        Sctp?.Dispose();
        if (Dtls is not null)
        {
            await Dtls.DisposeAsync().ConfigureAwait(true);
        }

        if (Ice is not null)
        {
            await Ice.DisposeAsync().ConfigureAwait(true);
        }
    }

    private sealed record CandidateEvent(PeerConnection Pc, IceCandidate Candidate);

    private sealed record GatheringEvent(PeerConnection Pc, IceGatheringState State, string? Ufrag);

    private sealed record IceStateEvent(PeerConnection Pc, IceTransportState State);

    private sealed record GatheringStart(PeerConnectionTransport Transport, P2PTransportChannel Ice);

    private sealed record DtlsStateEvent(PeerConnection Pc, DtlsTransportState State, string? Error, DtlsRole? Role);

    private sealed record RemoteChannelEvent(PeerConnection Pc, RtcDataChannel Channel);
}
