using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Stun;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice.Ports;

/// <summary>
/// A UDP socket on one local address: the host candidate, and the server-reflexive candidates learned from the
/// configured STUN servers through the same socket (libjingle's UDPPort + StunPort in shared-socket mode, so the
/// srflx candidate's base is the host one, RFC 8445 §5.1.1.2).
/// </summary>
internal sealed class UdpPort : Port
{
    private const int MaxStunAttempts = 6;
    private static readonly TimeSpan InitialStunRto = TimeSpan.FromMilliseconds(250);
    private readonly JingleEnvironment _env;
    private readonly IceScheduler _scheduler;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IPEndPoint> _stunServers;
    private readonly List<StunServerBinding> _bindings = [];
    private readonly IUdpSocket _socket;
    private readonly bool _emitHost;
    private bool _complete;

    private UdpPort(JingleEnvironment env, IceScheduler scheduler, IUdpSocket socket, PortContext context, NetworkInfo network, int ordinal,
        IReadOnlyList<IPEndPoint> stunServers, bool emitHost)
        : base(context, network, ordinal)
    {
        _env = env;
        _scheduler = scheduler;
        _socket = socket;
        _stunServers = stunServers;
        _emitHost = emitHost;
        _logger = env.LoggerFactory.CreateLogger("Jingle.Net.Ice.Port");
    }

    public override string TypeName => _stunServers.Count > 0 ? "stun" : "local";

    public override CandidateProtocol Protocol => CandidateProtocol.Udp;

    public IPEndPoint LocalEndPoint => _socket.LocalEndPoint;

    public IUdpSocket Socket => _socket;

    /// <summary>Binds the socket; returns null (logged) when the address cannot be bound.</summary>
    public static UdpPort? Create(JingleEnvironment env, IceScheduler scheduler, PortContext context, NetworkInfo network, int ordinal, IPAddress address,
        IReadOnlyList<IPEndPoint> stunServers, bool emitHost, int minPort = 0, int maxPort = 0)
    {
        IUdpSocket socket;
        var options = new UdpSocketOptions { DeliveryThread = scheduler.Thread };
        try
        {
            socket = minPort > 0 && maxPort >= minPort
                ? env.SocketFactory.BindUdp(address, minPort, maxPort, options)
                : env.SocketFactory.BindUdp(new IPEndPoint(address, 0), options);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException)
        {
            IceLog.BindFailed(env.LoggerFactory.CreateLogger("Jingle.Net.Ice.Port"), $"Port[{context.ContentName}:local:Net[{network.Name}]]", address, e.Message);
            return null;
        }

        var port = new UdpPort(env, scheduler, socket, context, network, ordinal, stunServers, emitHost);
        socket.Start(port.OnPacket);
        return port;
    }

    public override void StartGathering()
    {
        IPEndPoint local = _socket.LocalEndPoint;
        IceCandidate host = MakeCandidate(CandidateType.Host, local, null, null);
        if (_emitHost)
        {
            AddCandidate(host);
        }
        else
        {
            AddHiddenCandidate(host);
        }

        foreach (IPEndPoint server in _stunServers)
        {
            if (server.AddressFamily != local.AddressFamily)
            {
                continue;
            }

            byte[] tid = new byte[12];
            _env.Random.NextBytes(tid);
            var binding = new StunServerBinding(server, tid);
            _bindings.Add(binding);
            SendBinding(binding);
        }

        MaybeComplete();
    }

    public override bool SendTo(ReadOnlySpan<byte> packet, IPEndPoint remote) => !IsDisposed && _socket.SendTo(packet, remote);

    protected override void DisposeCore()
    {
        foreach (StunServerBinding b in _bindings)
        {
            b.Timer?.Dispose();
        }

        _socket.Dispose();
    }

    private void SendBinding(StunServerBinding binding)
    {
        if (IsDisposed || binding.Done)
        {
            return;
        }

        if (binding.Attempts >= MaxStunAttempts)
        {
            binding.Done = true;
            IceLog.StunServerTimeout(_logger, this, binding.Server);
            MaybeComplete();
            return;
        }

        Span<byte> buffer = stackalloc byte[64];
        var writer = new IceStunWriter(buffer, IceStunConstants.BindingRequest, binding.TransactionId);
        writer.AddFingerprint();
        _socket.SendTo(writer.Written, binding.Server);
        TimeSpan rto = InitialStunRto * (1 << binding.Attempts);
        binding.Attempts++;
        binding.Timer = _scheduler.Schedule(rto, () => SendBinding(binding));
    }

    private void OnPacket(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp)
    {
        if (IsDisposed)
        {
            return;
        }

        if (!_complete && _bindings.Count > 0 && packet.Length >= 20 && packet[0] == 0x01 && TryHandleBindingResponse(packet, remote))
        {
            return;
        }

        if (Listener is { } listener)
        {
            listener.OnReadPacket(this, packet, remote, timestamp);
        }
        else
        {
            PacketsDropped++;
        }
    }

    private bool TryHandleBindingResponse(ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        if (IceStunMessage.TryParse(packet, out IceStunMessage message) != IceStunParseResult.Ok || !message.IsResponse)
        {
            return false;
        }

        foreach (StunServerBinding binding in _bindings)
        {
            if (binding.Done || !message.TransactionId.SequenceEqual(binding.TransactionId) || !binding.Server.Equals(remote))
            {
                continue;
            }

            binding.Done = true;
            binding.Timer?.Dispose();
            IPEndPoint? mapped = message.Type == IceStunConstants.BindingSuccessResponse ? message.GetMappedAddress() : null;
            if (mapped is not null && FindCandidate(mapped) is null)
            {
                AddCandidate(MakeCandidate(CandidateType.ServerReflexive, mapped, _socket.LocalEndPoint, binding.Server));
            }

            MaybeComplete();
            return true;
        }

        return false;
    }

    private void MaybeComplete()
    {
        if (_complete || _bindings.Any(b => !b.Done))
        {
            return;
        }

        _complete = true;
        Listener?.OnPortComplete(this);
    }

    private IceCandidate MakeCandidate(CandidateType type, IPEndPoint address, IPEndPoint? related, IPEndPoint? server) => new()
    {
        Foundation = IceCandidate.ComputeFoundation(type, _socket.LocalEndPoint.Address, CandidateProtocol.Udp, server?.ToString()),
        Component = Component,
        Protocol = CandidateProtocol.Udp,
        Priority = IceCandidate.ComputePriority(type, LocalPreference(), Component),
        Host = address.Address.ToString(),
        Port = address.Port,
        Type = type,
        RelatedAddress = related?.Address.ToString(),
        RelatedPort = related?.Port,
        Generation = Context.Generation,
        Ufrag = Context.Parameters.Ufrag,
        NetworkId = Network.Index,
        NetworkCost = Network.NetworkCost,
    };
}
