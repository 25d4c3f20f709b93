using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Jsep;
using Jingle.Net.Sctp.DataChannels;
using Jingle.Net.Sdp;
using Microsoft.Extensions.Logging;

namespace Jingle.Net;

/// <summary>
/// W3C RTCPeerConnection in .NET naming, data channels first. Public calls may come from any thread; the
/// description operations are chained on the signaling thread (one runs at a time, in call order), and every event
/// is raised on the signaling thread. One BUNDLE transport carries everything: P2PTransportChannel (ICE) →
/// DtlsTransport (role from a=setup, remote fingerprint verified) → SctpTransport → data channels, all on the
/// worker thread.
/// </summary>
public sealed partial class PeerConnection : IAsyncDisposable
{
    private const string DataMid = "0";

    private readonly PeerConnectionFactory _factory;
    private readonly JingleEnvironment _env;
    private readonly RtcThread _signaling;
    private readonly RtcThread _worker;
    private readonly ILogger _logger;
    private readonly SignalingStateMachine _machine;
    private readonly RtcCertificate _certificate;
    private readonly bool _ownsCertificate;
    private IceParameters _localIce;
    private readonly List<RtcDataChannel> _channels = [];
    private readonly List<string> _localCandidates = [];
    private readonly string _sessionId;
    private Task _chain = Task.CompletedTask;
    private ulong _sessionVersion = 1;
    private SessionDescription? _localDescription;
    private SdpType _localType;
    private SessionDescription? _remoteDescription;
    private SdpType _remoteType;
    private bool _localEndOfCandidates;
    private bool _negotiationNeededRaised;
    private volatile bool _closed;

    internal PeerConnection(PeerConnectionFactory factory, RtcConfiguration configuration)
    {
        _factory = factory;
        _env = factory.Environment;
        _signaling = factory.SignalingThread;
        _worker = factory.WorkerThread;
        _logger = _env.LoggerFactory.CreateLogger<PeerConnection>();
        _machine = new SignalingStateMachine(_logger);
        ValidateConfiguration(configuration);   // W3C: a malformed URL or a TURN server without credentials throws here
        if (configuration.Certificates.Count > 0)
        {
            _certificate = configuration.Certificates[0];
        }
        else
        {
            _certificate = factory.GenerateCertificate();
            _ownsCertificate = true;
        }

        _configuration = configuration with { Certificates = configuration.Certificates.Count > 0 ? configuration.Certificates : [_certificate] };
        _localIce = IceParameters.Create(_env.Random);
        _sessionId = (_env.Random.NextUInt64() >> 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Transport = new PeerConnectionTransport(this);
    }

    /// <summary>The local DTLS certificate.</summary>
    public RtcCertificate Certificate => _certificate;

    /// <summary>stable, have-local-offer, have-remote-offer, ... closed.</summary>
    public SignalingState SignalingState => _machine.State;

    /// <summary>new, gathering, complete.</summary>
    public IceGatheringState IceGatheringState { get; private set; }

    /// <summary>The ICE transport's state (W3C iceConnectionState).</summary>
    public IceTransportState IceConnectionState { get; private set; }

    /// <summary>The aggregate of ICE and DTLS (W3C connectionState).</summary>
    public PeerConnectionState ConnectionState { get; private set; }

    /// <summary>The local description with the candidates gathered so far (and end-of-candidates once complete).</summary>
    /// <remarks>Safe from any thread: candidates are added to the description under the same lock.</remarks>
    public RtcSessionDescription? LocalDescription
    {
        get
        {
            lock (_descriptionLock)
            {
                return _localDescription is null ? null : new RtcSessionDescription(_localType, _localDescription.ToString());
            }
        }
    }

    /// <summary>The remote description with the candidates added so far.</summary>
    /// <remarks>Safe from any thread: candidates are added to the description under the same lock.</remarks>
    public RtcSessionDescription? RemoteDescription
    {
        get
        {
            lock (_descriptionLock)
            {
                return _remoteDescription is null ? null : new RtcSessionDescription(_remoteType, _remoteDescription.ToString());
            }
        }
    }

    /// <summary>Held while a description is changed in place (a candidate or end-of-candidates added) or written.</summary>
    private readonly Lock _descriptionLock = new();

    internal PeerConnectionTransport Transport { get; }

    internal JingleEnvironment Environment => _env;

    internal RtcThread SignalingThread => _signaling;

    internal RtcThread WorkerThread => _worker;

    internal ILogger Logger => _logger;

    /// <summary>A local candidate to trickle to the peer (and, last, the end of candidates).</summary>
    public event EventHandler<PeerConnectionIceCandidateEventArgs>? IceCandidate;

    /// <summary><see cref="IceGatheringState"/> changed.</summary>
    public event EventHandler<IceGatheringState>? IceGatheringStateChanged;

    /// <summary><see cref="IceConnectionState"/> changed.</summary>
    public event EventHandler<IceTransportState>? IceConnectionStateChanged;

    /// <summary><see cref="ConnectionState"/> changed.</summary>
    public event EventHandler<PeerConnectionState>? ConnectionStateChanged;

    /// <summary><see cref="SignalingState"/> changed.</summary>
    public event EventHandler<SignalingState>? SignalingStateChanged;

    /// <summary>The peer opened a data channel.</summary>
    public event EventHandler<RtcDataChannel>? DataChannel;

    /// <summary>
    /// Something changed that needs an offer/answer exchange (the first data channel, a track or transceiver added,
    /// removed or stopped, an ICE restart); raised on the signaling thread, deferred until the state is stable.
    /// </summary>
    public event EventHandler? NegotiationNeeded;

    /// <summary>W3C createDataChannel. Callable from any thread; the channel opens once the transport is up.</summary>
    /// <exception cref="InvalidStateException">The connection is closed.</exception>
    public RtcDataChannel CreateDataChannel(string label, DataChannelInit? init = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        init ??= new DataChannelInit();
        if (_closed)
        {
            throw new InvalidStateException("The peer connection is closed.");
        }

        if (init.MaxRetransmits is not null && init.MaxPacketLifeTime is not null)
        {
            throw new ArgumentException("MaxRetransmits and MaxPacketLifeTime are exclusive.", nameof(init));
        }

        if (init.Negotiated && init.Id is null)
        {
            throw new ArgumentException("A negotiated channel needs an Id.", nameof(init));
        }

        var channel = new RtcDataChannel(_signaling, _worker, label, init, Transport.RemoteMaxMessageSize);
        _signaling.Post(static s => s.Connection.OnChannelCreated(s.Channel), new ChannelCreated(this, channel));
        _worker.Post(static s => s.Connection.Transport.AddChannel(s.Channel), new ChannelCreated(this, channel));
        return channel;
    }

    private void OnChannelCreated(RtcDataChannel channel)
    {
        _channels.Add(channel);
        bool negotiated = _remoteDescription?.Media.Any(m => m.IsDataChannel && !m.IsRejected) == true
            && _localDescription is not null;
        if (!negotiated && !_negotiationNeededRaised && !_closed)
        {
            _negotiationNeededRaised = true;
            NegotiationNeeded?.Invoke(this, EventArgs.Empty);
        }
    }

    internal void OnRemoteChannel(RtcDataChannel channel)
    {
        if (_closed)
        {
            return;
        }

        _channels.Add(channel);
        DataChannel?.Invoke(this, channel);
    }

    private sealed record ChannelCreated(PeerConnection Connection, RtcDataChannel Channel);
}
