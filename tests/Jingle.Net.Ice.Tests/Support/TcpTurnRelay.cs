using System.Net;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Stun.Turn.Server;

namespace Jingle.Net.Ice.Tests.Support;

/// <summary>
/// Our own TURN server (Jingle.Net.Stun's <see cref="TurnServer"/>, UDP and TCP listeners) on a public host of an
/// <see cref="IceTestBed"/>'s VirtualNetwork, for peers behind a UDP-blocking firewall (TURN over TCP).
/// </summary>
internal static class TcpTurnRelay
{
    public static readonly IPAddress Address = IPAddress.Parse("198.51.100.3");

    public static IPEndPoint EndPoint { get; } = new(Address, 3478);

    /// <summary>The TURN-over-TCP server entry clients use.</summary>
    public static TurnServerConfig Config { get; } = new(EndPoint, "user", "pass") { Transport = TurnTransport.Tcp };

    public static TurnServer Start(IceTestBed bed)
    {
        VirtualHost host = bed.Network.AddHost("turn-tcp", Address);
        return TurnServer.Start(host.CreateEnvironment(), new TurnServerOptions
        {
            Listen = EndPoint,
            Realm = "jingle.test",
            Users = new Dictionary<string, string> { ["user"] = "pass" },
            EnableTcp = true,
        });
    }
}
