using System.CommandLine;
using System.Net;
using System.Net.Sockets;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle pcserver [--port 8888] [--host 127.0.0.1]</c>: the signaling server of libwebrtc's
/// examples/peerconnection (sign_in / wait / message / sign_out over HTTP), for <c>jingle pcclient</c> and for
/// libwebrtc's own peerconnection_client. Runs until Ctrl+C. See <see cref="PcServer"/>.
/// </summary>
internal sealed class PcServerCommand : ICliCommand
{
    public Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port (libwebrtc's default 8888; 0 = any free port)", DefaultValueFactory = _ => 8888 };
        var host = new Option<string>("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var peerTimeout = new Option<int>("--peer-timeout") { Description = "Seconds without a pending /wait before a peer is signed out", DefaultValueFactory = _ => 30 };
        var waitTimeout = new Option<int>("--wait-timeout") { Description = "Answer a held /wait with an empty keep-alive after this many seconds (0 = hold, as libwebrtc)" };
        var command = new Command("pcserver", "libwebrtc's peerconnection_server: sign_in / wait / message / sign_out over HTTP")
        {
            port, host, peerTimeout, waitTimeout,
        };
        command.SetAction((result, token) => RunAsync(result.GetValue(host)!, result.GetValue(port), TimeSpan.FromSeconds(result.GetValue(peerTimeout)),
            TimeSpan.FromSeconds(result.GetValue(waitTimeout)), token));
        return command;
    }

    private static async Task<int> RunAsync(string host, int port, TimeSpan peerTimeout, TimeSpan waitTimeout, CancellationToken token)
    {
        if (!IPAddress.TryParse(host, out IPAddress? address) || port is < 0 or > 65535 || peerTimeout <= TimeSpan.Zero || waitTimeout < TimeSpan.Zero)
        {
            Console.Error.WriteLine("--host must be an IP address, --port 0..65535, --peer-timeout above 0, --wait-timeout 0 or above");
            return 2;
        }

        await using var server = new PcServer(new IPEndPoint(address, port), Console.Out) { PeerTimeout = peerTimeout, WaitTimeout = waitTimeout };
        try
        {
            server.Start();
        }
        catch (SocketException e)
        {
            Console.Error.WriteLine($"cannot listen on {host}:{port}: {e.Message}");
            return 1;
        }

        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
