using System.CommandLine;
using System.Net;
using System.Text.Json;
using Jingle.Net.Base;
using Jingle.Net.Stun;
using Jingle.Net.Stun.Client;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle stun host:port [--tcp|--tls] [--behavior] [--json]</c>: asks a STUN server for our mapped address
/// (RFC 8489 Binding) and, with --behavior, runs RFC 5780 NAT behaviour discovery.
/// </summary>
internal sealed class StunCommand : ICliCommand
{
    public Command Create()
    {
        var server = new Argument<string>("server") { Description = "STUN server, host:port (port 3478 by default)" };
        var tcp = new Option<bool>("--tcp") { Description = "Use TCP" };
        var tls = new Option<bool>("--tls") { Description = "Use TLS (port 5349 by default)" };
        var insecure = new Option<bool>("--insecure") { Description = "With --tls, accept any server certificate" };
        var behavior = new Option<bool>("--behavior") { Description = "Discover NAT mapping and filtering behaviour (RFC 5780, UDP)" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("stun", "Query a STUN server for the mapped (server-reflexive) address") { server, tcp, tls, insecure, behavior, json };
        command.SetAction((result, token) => RunAsync(result.GetValue(server)!, result.GetValue(tcp), result.GetValue(tls),
            result.GetValue(insecure), result.GetValue(behavior), result.GetValue(json), token));
        return command;
    }

    private static async Task<int> RunAsync(string server, bool tcp, bool tls, bool insecure, bool behavior, bool json, CancellationToken token)
    {
        JingleEnvironment env = JingleEnvironment.CreateDefault();
        IPEndPoint endPoint = await StunEndPointParser.ResolveAsync(server, tls ? StunConstants.DefaultTlsPort : StunConstants.DefaultPort, token);
        var options = new StunClientOptions
        {
            Transport = tls ? StunTransport.Tls : tcp ? StunTransport.Tcp : StunTransport.Udp,
            TlsCertificateValidation = insecure ? (_, _, _, _) => true : null,
        };
        try
        {
            await using StunClient client = await StunClient.CreateAsync(env, endPoint, options, token);
            StunBindingResult binding = await client.BindAsync(token);
            NatBehaviorResult? nat = behavior ? await NatBehaviorDiscovery.DiscoverAsync(env, endPoint, new StunClientOptions(), token) : null;
            if (json)
            {
                using var writer = new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true });
                writer.WriteStartObject();
                writer.WriteString("server", endPoint.ToString());
                writer.WriteString("transport", options.Transport.ToString().ToLowerInvariant());
                writer.WriteString("local", binding.LocalEndPoint.ToString());
                writer.WriteString("mapped", binding.MappedAddress.ToString());
                writer.WriteNumber("rttMs", binding.RoundTripTime.TotalMilliseconds);
                if (binding.OtherAddress is not null)
                {
                    writer.WriteString("otherAddress", binding.OtherAddress.ToString());
                }

                if (nat is not null)
                {
                    writer.WriteString("mapping", nat.Mapping.ToString());
                    writer.WriteString("filtering", nat.Filtering.ToString());
                }

                writer.WriteEndObject();
                writer.Flush();
                Console.WriteLine();
            }
            else
            {
                Console.WriteLine($"server  {endPoint} ({options.Transport.ToString().ToLowerInvariant()}){(binding.ServerSoftware is { } s ? " " + s : string.Empty)}");
                Console.WriteLine($"local   {binding.LocalEndPoint}");
                Console.WriteLine($"mapped  {binding.MappedAddress}");
                Console.WriteLine($"rtt     {binding.RoundTripTime.TotalMilliseconds:F1} ms");
                if (nat is not null)
                {
                    Console.WriteLine($"mapping   {nat.Mapping}");
                    Console.WriteLine($"filtering {nat.Filtering}{(nat.OtherAddress is null ? " (server has no OTHER-ADDRESS: RFC 5780 not supported)" : string.Empty)}");
                }
            }

            return 0;
        }
        catch (Exception e) when (e is TimeoutException or StunErrorResponseException or System.Net.Sockets.SocketException or IOException)
        {
            Console.Error.WriteLine($"stun: {e.Message}");
            return 1;
        }
    }
}
