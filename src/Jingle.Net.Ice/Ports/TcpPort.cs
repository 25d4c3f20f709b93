using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Ice.Candidates;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice.Ports;

/// <summary>
/// A host TCP candidate on one local address (RFC 6544; libwebrtc's TCPPort). A <b>passive</b> port listens and
/// signals the listening address; connections accepted on it are anonymous until an authenticated check arrives on
/// them (§7.2), which makes the channel learn the peer's address as a peer-reflexive active candidate. An
/// <b>active</b> port signals the discard port 9 (§4.5) and opens an outgoing connection to a remote passive candidate
/// the first time a check is sent to it (§7.1). Packets travel RFC 4571 framed (§3) on <see cref="TcpPortStream"/>s,
/// one per remote transport address, so the channel's (port, remote address) keyed connections work unchanged.
/// A stream that fails or closes is reported to the listener (the pair fails); non-STUN frames on an accepted,
/// not yet authenticated stream are dropped and counted, and such a stream is closed after
/// <see cref="MaxMalformedFrames"/> of them or when no valid check came within <see cref="AuthenticationTimeout"/>.
/// Simultaneous-open candidates are not gathered (see docs/ice.md).
/// </summary>
internal sealed class TcpPort : Port
{
    /// <summary>Accepted streams held at once before authentication; more are closed at once.</summary>
    public const int MaxUnauthenticatedStreams = 32;

    /// <summary>Non-STUN frames tolerated on an accepted stream before its first authenticated check.</summary>
    public const int MaxMalformedFrames = 8;

    /// <summary>An accepted stream that sent no authenticated check within this is closed.</summary>
    public static readonly TimeSpan AuthenticationTimeout = TimeSpan.FromSeconds(10);

    private readonly JingleEnvironment _env;
    private readonly IceScheduler _scheduler;
    private readonly ILogger _logger;
    private readonly IPAddress _address;
    private readonly ITcpListener? _listener;
    private readonly Dictionary<IPEndPoint, TcpPortStream> _streams = [];
    private readonly CancellationTokenSource _cts = new();

    private TcpPort(JingleEnvironment env, IceScheduler scheduler, PortContext context, NetworkInfo network, int ordinal, IPAddress address,
        TcpCandidateType tcpType, ITcpListener? listener)
        : base(context, network, ordinal)
    {
        _env = env;
        _scheduler = scheduler;
        _address = address;
        TcpType = tcpType;
        _listener = listener;
        _logger = env.LoggerFactory.CreateLogger("Jingle.Net.Ice.Port");
    }

    public override string TypeName => "local";

    public override CandidateProtocol Protocol => CandidateProtocol.Tcp;

    public TcpCandidateType TcpType { get; }

    /// <summary>The listening address of a passive port (null for an active one).</summary>
    public IPEndPoint? ListenEndPoint => _listener?.LocalEndPoint;

    /// <summary>Streams open (or connecting) now.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>Connections accepted on the passive socket.</summary>
    public long StreamsAccepted { get; private set; }

    /// <summary>Outgoing connections that could not be opened (refused, unreachable).</summary>
    public long ConnectFailures { get; private set; }

    /// <summary>Streams closed because they failed, ended, or never authenticated.</summary>
    public long StreamsClosed { get; private set; }

    /// <summary>
    /// Opens the port: binds and listens for a passive one. Returns null (logged) when the address cannot be bound.
    /// </summary>
    public static TcpPort? Create(JingleEnvironment env, IceScheduler scheduler, PortContext context, NetworkInfo network, int ordinal,
        IPAddress address, TcpCandidateType tcpType)
    {
        if (tcpType is not (TcpCandidateType.Active or TcpCandidateType.Passive))
        {
            throw new ArgumentOutOfRangeException(nameof(tcpType), tcpType, "only active and passive TCP candidates are gathered");
        }

        ITcpListener? listener = null;
        if (tcpType == TcpCandidateType.Passive)
        {
            try
            {
                listener = env.SocketFactory.ListenTcp(new IPEndPoint(address, 0));
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException)
            {
                IceLog.BindFailed(env.LoggerFactory.CreateLogger("Jingle.Net.Ice.Port"), $"Port[{context.ContentName}:local:Net[{network.Name}]]", address, e.Message);
                return null;
            }
        }

        return new TcpPort(env, scheduler, context, network, ordinal, address, tcpType, listener);
    }

    /// <summary>RFC 6544 §4.2 local preference of this port's candidates of <paramref name="type"/>.</summary>
    public int TcpLocalPreference(CandidateType type) => TcpCandidateRules.LocalPreference(type, TcpType, OtherPreference);

    /// <summary>other-pref: orders the interfaces as the UDP local preference does, kept below UDP's for the same interface.</summary>
    private int OtherPreference => Math.Max(0, TcpCandidateRules.MaxOtherPreference - (NetworkOrdinal * 256));

    /// <inheritdoc />
    public override int CheckLocalPreference => TcpLocalPreference(CandidateType.PeerReflexive);

    public override void StartGathering()
    {
        int port = _listener?.LocalEndPoint.Port ?? TcpCandidateRules.ActivePort;
        AddCandidate(new IceCandidate
        {
            Foundation = IceCandidate.ComputeFoundation(CandidateType.Host, _address, CandidateProtocol.Tcp),
            Component = Component,
            Protocol = CandidateProtocol.Tcp,
            Priority = IceCandidate.ComputePriority(CandidateType.Host, TcpLocalPreference(CandidateType.Host), Component),
            Host = _address.ToString(),
            Port = port,
            Type = CandidateType.Host,
            TcpType = TcpType,
            Generation = Context.Generation,
            Ufrag = Context.Parameters.Ufrag,
            NetworkId = Network.Index,
            NetworkCost = Network.NetworkCost,
        });
        if (_listener is not null)
        {
            _ = AcceptLoopAsync(_listener);
        }

        Listener?.OnPortComplete(this);
    }

    /// <summary>
    /// Sends one packet framed on the stream to <paramref name="remote"/>. An active port opens that stream on first use
    /// (the packet waits in its queue until the connection is up); a passive port sends only on accepted streams.
    /// </summary>
    public override bool SendTo(ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        if (IsDisposed)
        {
            return false;
        }

        if (!_streams.TryGetValue(remote, out TcpPortStream? stream))
        {
            if (TcpType != TcpCandidateType.Active)
            {
                return false;
            }

            stream = new TcpPortStream(this, remote, incoming: false);
            _streams.Add(remote, stream);
            IceLog.TcpConnecting(_logger, this, remote);
            stream.StartConnect(_env.SocketFactory, _address);
        }

        return stream.Send(packet);
    }

    /// <summary>
    /// The channel authenticated a check that arrived on the stream from <paramref name="remote"/> (RFC 6544 §7.2): it
    /// belongs to a connection from now on and is no longer subject to the accept rules.
    /// </summary>
    public void OnStreamAuthenticated(IPEndPoint remote)
    {
        if (_streams.TryGetValue(remote, out TcpPortStream? stream) && !stream.Authenticated)
        {
            stream.Authenticated = true;
            stream.AuthenticationTimer?.Dispose();
            stream.AuthenticationTimer = null;
        }
    }

    /// <summary>True when <paramref name="address"/> is the local end of one of this port's streams (the mapped address of a check over it without a NAT).</summary>
    public bool IsStreamLocalAddress(IPEndPoint address)
    {
        foreach (TcpPortStream stream in _streams.Values)
        {
            if (address.Equals(stream.LocalEndPoint))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Closes the stream to <paramref name="remote"/> (the pair it carried was pruned or failed).</summary>
    public void CloseStream(IPEndPoint remote)
    {
        if (_streams.Remove(remote, out TcpPortStream? stream))
        {
            stream.Close();
            StreamsClosed++;
        }
    }

    /// <summary>Runs <paramref name="action"/> on the worker (inline when the driver is single-threaded). False when the worker is gone.</summary>
    internal bool Post<TState>(Action<TState> action, TState state) where TState : class
    {
        if (_scheduler.Thread is { } thread)
        {
            return thread.Post(action, state);
        }

        action(state);
        return true;
    }

    /// <summary>Worker: a deframed packet from <paramref name="stream"/>.</summary>
    internal void OnFrame(TcpPortStream stream, ReadOnlySpan<byte> packet)
    {
        if (IsDisposed || stream.IsClosed)
        {
            return;
        }

        if (stream.Incoming && !stream.Authenticated && PacketDemultiplexer.Classify(packet) != PacketKind.Stun)
        {
            // RFC 6544 §7.2: until a valid check arrives the stream belongs to nobody; anything else is dropped.
            PacketsDropped++;
            stream.MalformedFrames++;
            IceLog.TcpFrameDropped(_logger, this, stream.RemoteEndPoint, packet.Length);
            if (stream.MalformedFrames >= MaxMalformedFrames)
            {
                FailStream(stream, "too many frames before a valid check");
            }

            return;
        }

        if (Listener is { } listener)
        {
            listener.OnReadPacket(this, packet, stream.RemoteEndPoint, _env.TimeProvider.GetTimestamp());
        }
        else
        {
            PacketsDropped++;
        }
    }

    internal void OnStreamConnected(TcpPortStream stream) => IceLog.TcpConnected(_logger, this, stream.RemoteEndPoint, stream.LocalEndPoint!);

    /// <summary>Worker: the stream failed to connect, ended or broke.</summary>
    internal void OnStreamFailed(TcpPortStream stream, string reason)
    {
        if (IsDisposed || stream.IsClosed)
        {
            return;
        }

        if (!stream.Incoming && stream.LocalEndPoint is null)
        {
            ConnectFailures++;
        }

        FailStream(stream, reason);
    }

    protected override void DisposeCore()
    {
        _cts.Cancel();
        _listener?.Dispose();
        foreach (TcpPortStream stream in _streams.Values)
        {
            stream.Close();
        }

        _streams.Clear();
        _cts.Dispose();
    }

    private void FailStream(TcpPortStream stream, string reason)
    {
        if (_streams.TryGetValue(stream.RemoteEndPoint, out TcpPortStream? current) && ReferenceEquals(current, stream))
        {
            _streams.Remove(stream.RemoteEndPoint);
        }

        stream.Close();
        StreamsClosed++;
        IceLog.TcpStreamClosed(_logger, this, stream.RemoteEndPoint, reason);
        if (stream.Authenticated || !stream.Incoming)
        {
            Listener?.OnRemoteClosed(this, stream.RemoteEndPoint, reason);
        }
    }

    private async Task AcceptLoopAsync(ITcpListener listener)
    {
        CancellationToken token = _cts.Token;
        while (!token.IsCancellationRequested)
        {
            ITcpSocket socket;
            try
            {
                socket = await listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or OperationCanceledException or ObjectDisposedException
                or InvalidOperationException)
            {
                if (!token.IsCancellationRequested)
                {
                    Post(static s => IceLog.TcpStreamClosed(s.Port._logger, s.Port, s.Port.ListenEndPoint!, "accept failed: " + s.Reason),
                        new AcceptFailure(this, e.Message));
                }

                return;
            }

            if (!Post(static s => s.Port.OnAccepted(s.Socket), new Accepted(this, socket)))
            {
                socket.Dispose();
                return;
            }
        }
    }

    private void OnAccepted(ITcpSocket socket)
    {
        if (IsDisposed)
        {
            socket.Dispose();
            return;
        }

        IPEndPoint remote = socket.RemoteEndPoint;
        int unauthenticated = 0;
        foreach (TcpPortStream s in _streams.Values)
        {
            unauthenticated += s.Incoming && !s.Authenticated ? 1 : 0;
        }

        if (unauthenticated >= MaxUnauthenticatedStreams || _streams.ContainsKey(remote))
        {
            StreamsClosed++;
            IceLog.TcpStreamClosed(_logger, this, remote, "refused: too many unauthenticated connections");
            socket.Dispose();
            return;
        }

        StreamsAccepted++;
        var stream = new TcpPortStream(this, remote, incoming: true);
        _streams.Add(remote, stream);
        IceLog.TcpAccepted(_logger, this, remote);
        stream.AuthenticationTimer = _scheduler.Schedule(AuthenticationTimeout, () =>
        {
            stream.AuthenticationTimer = null;
            if (!stream.Authenticated && !stream.IsClosed)
            {
                FailStream(stream, "no valid check");
            }
        });
        stream.StartAccepted(socket);
    }

    private sealed record Accepted(TcpPort Port, ITcpSocket Socket);

    private sealed record AcceptFailure(TcpPort Port, string Reason);
}
