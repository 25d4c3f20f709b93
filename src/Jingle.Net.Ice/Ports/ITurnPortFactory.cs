using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;

namespace Jingle.Net.Ice.Ports;

/// <summary>Makes relay ports (TurnPort) for the allocator; null result = this server/transport is not usable.</summary>
internal interface ITurnPortFactory
{
    Port? Create(JingleEnvironment env, IceScheduler scheduler, PortContext context, NetworkInfo network, int ordinal, IPAddress localAddress,
        TurnServerConfig server);
}
