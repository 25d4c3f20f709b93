using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;

namespace Jingle.Net.Ice.Ports;

/// <summary>The default relay port maker: <see cref="TurnPort"/> over UDP, <see cref="TcpTurnPort"/> over TCP or TLS.</summary>
internal sealed class TurnPortFactory : ITurnPortFactory
{
    public Port? Create(JingleEnvironment env, IceScheduler scheduler, PortContext context, NetworkInfo network, int ordinal, IPAddress localAddress,
        TurnServerConfig server) => server.Transport is TurnTransport.Tcp or TurnTransport.Tls
            ? new TcpTurnPort(env, scheduler, context, network, ordinal, localAddress, server)
            : TurnPort.Create(env, scheduler, context, network, ordinal, localAddress, server);
}
