using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;

namespace Jingle.Net.Ice.Ports;

/// <summary>
/// The default relay port maker: <see cref="TurnPort"/> over UDP and TCP (the TCP one runs on the channel's worker,
/// deterministic on the VirtualNetwork), <see cref="TcpTurnPort"/> (the STUN library's TurnClient) over TLS.
/// </summary>
internal sealed class TurnPortFactory : ITurnPortFactory
{
    public Port? Create(JingleEnvironment env, IceScheduler scheduler, PortContext context, NetworkInfo network, int ordinal, IPAddress localAddress,
        TurnServerConfig server) => server.Transport is TurnTransport.Tls
            ? new TcpTurnPort(env, scheduler, context, network, ordinal, localAddress, server)
            : TurnPort.Create(env, scheduler, context, network, ordinal, localAddress, server);
}
