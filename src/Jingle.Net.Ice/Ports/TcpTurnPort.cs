using System.Buffers;
using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Stun.Client;
using Jingle.Net.Stun.Turn;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice.Ports;

/// <summary>
/// A relayed candidate allocated over TLS to the TURN server (RFC 8656 §3.1; for networks that let only TLS on 443
/// out; plain TCP is <see cref="TurnPort"/>'s stream mode), built on
/// the STUN library's <see cref="TurnClient"/>. The client works asynchronously and raises data on its socket
/// thread; this port copies each datagram into a pooled buffer and posts it to the channel's worker thread, so the
/// ICE core stays single-threaded. Peers get a permission on first send (checks are retried while it installs) and a
/// channel (ChannelBind, RFC 8656 §12): once bound, the client sends ChannelData (padded to 4 bytes on the stream)
/// instead of Send indications and refreshes the binding itself. A refused ChannelBind is not retried.
/// </summary>
internal sealed class TcpTurnPort : Port
{
    private readonly JingleEnvironment _env;
    private readonly IceScheduler _scheduler;
    private readonly ILogger _logger;
    private readonly TurnServerConfig _server;
    private readonly IPAddress _localAddress;
    private readonly HashSet<IPAddress> _permissions = [];
    private readonly HashSet<IPEndPoint> _channels = [];
    private TurnClient? _client;
    private bool _complete;

    public TcpTurnPort(JingleEnvironment env, IceScheduler scheduler, PortContext context, NetworkInfo network, int ordinal, IPAddress localAddress,
        TurnServerConfig server)
        : base(context, network, ordinal)
    {
        _env = env;
        _scheduler = scheduler;
        _server = server;
        _localAddress = localAddress;
        _logger = env.LoggerFactory.CreateLogger("Jingle.Net.Ice.Port");
    }

    public override string TypeName => "relay";

    public override CandidateProtocol Protocol => CandidateProtocol.Udp;

    /// <summary>Channels bound on the TURN server (ChannelBind answered with success).</summary>
    public int BoundChannelCount { get; private set; }

    public override void StartGathering() => _ = AllocateAsync();

    public override bool SendTo(ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        TurnClient? client = _client;
        if (IsDisposed || client is null)
        {
            return false;
        }

        if (_permissions.Add(remote.Address))
        {
            _ = PermitAsync(client, remote.Address);
        }

        if (_channels.Add(remote))
        {
            _ = BindChannelAsync(client, remote);
        }

        return client.SendToPeer(packet, remote);
    }

    protected override void DisposeCore()
    {
        TurnClient? client = _client;
        _client = null;
        if (client is not null)
        {
            client.DataReceived -= OnData;
            _ = client.DisposeAsync().AsTask();
        }
    }

    private async Task AllocateAsync()
    {
        try
        {
            TurnClient client = await TurnClient.AllocateAsync(_env, _server.Address, new TurnClientOptions
            {
                Username = _server.Username,
                Password = _server.Password,
                Connection = new StunClientOptions
                {
                    Transport = _server.Transport == TurnTransport.Tls ? StunTransport.Tls : StunTransport.Tcp,
                    LocalEndPoint = new IPEndPoint(_localAddress, 0),
                    TlsTargetHost = _server.TlsTargetHost,
                    TlsCertificateValidation = _server.TlsCertificateValidation,
                },
            });
            OnWorker(() => OnAllocated(client));
        }
        catch (Exception e) when (e is TurnException or System.Net.Sockets.SocketException or IOException or TimeoutException or OperationCanceledException
            or Jingle.Net.Stun.Client.StunErrorResponseException or System.Security.Authentication.AuthenticationException)
        {
            OnWorker(() =>
            {
                IceLog.TurnAllocationFailed(_logger, this, _server.ToString(), e.Message);
                Complete();
            });
        }
    }

    private void OnAllocated(TurnClient client)
    {
        if (IsDisposed)
        {
            _ = client.DisposeAsync().AsTask();
            return;
        }

        _client = client;
        client.DataReceived += OnData;
        IPEndPoint relayed = client.RelayedAddress;
        AddCandidate(new IceCandidate
        {
            Foundation = IceCandidate.ComputeFoundation(CandidateType.Relay, _localAddress, CandidateProtocol.Udp, _server.Address.ToString(), CandidateProtocol.Tcp),
            Component = Component,
            Protocol = CandidateProtocol.Udp,
            Priority = IceCandidate.ComputePriority(CandidateType.Relay, LocalPreference(relayPreference: _server.Transport == TurnTransport.Tls ? 2 : 1), Component),
            Host = relayed.Address.ToString(),
            Port = relayed.Port,
            Type = CandidateType.Relay,
            RelatedAddress = client.MappedAddress?.Address.ToString(),
            RelatedPort = client.MappedAddress?.Port,
            Generation = Context.Generation,
            Ufrag = Context.Parameters.Ufrag,
            NetworkId = Network.Index,
            NetworkCost = Network.NetworkCost,
        });
        Complete();
    }

    private async Task PermitAsync(TurnClient client, IPAddress peer)
    {
        try
        {
            await client.CreatePermissionAsync(peer);
        }
        catch (Exception e) when (e is TurnException or IOException or TimeoutException or OperationCanceledException
            or Jingle.Net.Stun.Client.StunErrorResponseException)
        {
            OnWorker(() => _permissions.Remove(peer)); // retried on the next send
        }
    }

    private async Task BindChannelAsync(TurnClient client, IPEndPoint peer)
    {
        try
        {
            ushort channel = await client.BindChannelAsync(peer);
            OnWorker(() =>
            {
                BoundChannelCount++;
                IceLog.TurnChannelBound(_logger, this, channel, peer);
            });
        }
        catch (Exception e) when (e is TurnException or IOException or TimeoutException or OperationCanceledException or InvalidOperationException
            or Jingle.Net.Stun.Client.StunErrorResponseException)
        {
            int code = e is Jingle.Net.Stun.Client.StunErrorResponseException error ? error.Code : 0;
            OnWorker(() => IceLog.TurnChannelBindFailed(_logger, this, 0, peer, code)); // stays on Send indications
        }
    }

    /// <summary>Runs on the TURN client's socket thread: copy, then hand to the worker.</summary>
    private void OnData(ReadOnlySpan<byte> data, IPEndPoint peer)
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(copy);
        int length = data.Length;
        long timestamp = _env.TimeProvider.GetTimestamp();
        OnWorker(() =>
        {
            try
            {
                if (!IsDisposed)
                {
                    Listener?.OnReadPacket(this, copy.AsSpan(0, length), peer, timestamp);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        });
    }

    private void OnWorker(Action action)
    {
        if (_scheduler.Thread is { } thread)
        {
            thread.Post(action);
        }
        else
        {
            action(); // single-threaded drivers (tests) run it where the client completed
        }
    }

    private void Complete()
    {
        if (!_complete)
        {
            _complete = true;
            Listener?.OnPortComplete(this);
        }
    }
}
