using System.CommandLine;
using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Stun;
using Jingle.Net.Stun.Server;

namespace Jingle.Net.Cli.Commands;

/// <summary><c>jingle stunserver --listen host:port [--alternate-address IP] [--alternate-port N]</c>: a STUN server (UDP + TCP).</summary>
internal sealed class StunServerCommand : ICliCommand
{
    public Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "Address and port to listen on", DefaultValueFactory = _ => "0.0.0.0:3478" };
        var alternateAddress = new Option<string?>("--alternate-address") { Description = "RFC 5780 alternate IP address (enables CHANGE-REQUEST)" };
        var alternatePort = new Option<int?>("--alternate-port") { Description = "RFC 5780 alternate port (default: port + 1)" };
        var command = new Command("stunserver", "Run a STUN server (Binding over UDP and TCP, RFC 5780 when configured)") { listen, alternateAddress, alternatePort };
        command.SetAction((result, token) => RunAsync(result.GetValue(listen)!, result.GetValue(alternateAddress), result.GetValue(alternatePort), token));
        return command;
    }

    private static async Task<int> RunAsync(string listen, string? alternateAddress, int? alternatePort, CancellationToken token)
    {
        JingleEnvironment env = JingleEnvironment.CreateDefault();
        IPEndPoint endPoint = await StunEndPointParser.ResolveAsync(listen, StunConstants.DefaultPort, token);
        await using StunServer server = StunServer.Start(env, new StunServerOptions
        {
            Listen = endPoint,
            AlternateAddress = alternateAddress is null ? null : IPAddress.Parse(alternateAddress),
            AlternatePort = alternatePort,
        });
        Console.WriteLine($"stun server on udp {string.Join(", ", server.UdpEndPoints)}{(server.TcpEndPoint is { } tcp ? $" and tcp {tcp}" : string.Empty)}");
        Console.WriteLine("Ctrl+C to stop");
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine($"answered {server.Core.BindingRequests} binding requests, {server.Core.ErrorResponses} errors, dropped {server.Core.MalformedPackets} malformed");
        return 0;
    }
}
