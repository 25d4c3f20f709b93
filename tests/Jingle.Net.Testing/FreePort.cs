using System.Net;
using System.Net.Sockets;

namespace Jingle.Net.Testing;

/// <summary>Free loopback ports for external servers started by tests.</summary>
public static class FreePort
{
    /// <summary>A port free for both TCP and UDP on 127.0.0.1 at the time of the call.</summary>
    public static int Get()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("No free loopback port found.");
    }
}
