using System.Globalization;
using System.Net;

namespace Jingle.Net.Cli.Commands;

/// <summary>Parses "host:port" (or "[v6]:port") for the STUN/TURN commands, resolving host names.</summary>
internal static class StunEndPointParser
{
    public static async Task<IPEndPoint> ResolveAsync(string value, int defaultPort, CancellationToken cancellationToken)
    {
        if (IPEndPoint.TryParse(value, out IPEndPoint? endPoint))
        {
            return endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, defaultPort) : endPoint;
        }

        int colon = value.LastIndexOf(':');
        string host = colon > 0 ? value[..colon] : value;
        int port = colon > 0 ? int.Parse(value[(colon + 1)..], CultureInfo.InvariantCulture) : defaultPort;
        IPAddress[] addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        IPAddress address = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses[0];
        return new IPEndPoint(address, port);
    }
}
