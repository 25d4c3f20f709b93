using System.CommandLine;
using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Stun;
using Jingle.Net.Stun.Turn.Server;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle turnserver --listen host:port --realm R (--user U:P | --users FILE) [...]</c>: the relay server of
/// libjingle's examples, with quotas and refusal to relay into loopback/private networks unless allowed.
/// </summary>
internal sealed class TurnServerCommand : ICliCommand
{
    public Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "Address and port (UDP and TCP)", DefaultValueFactory = _ => "0.0.0.0:3478" };
        var realm = new Option<string>("--realm") { Description = "Realm of the long-term credentials", Required = true };
        var users = new Option<string[]>("--user") { Description = "A user as name:password (repeatable)", AllowMultipleArgumentsPerToken = false };
        var usersFile = new Option<FileInfo?>("--users") { Description = "Users file: user=password lines, # comments" };
        var relayAddress = new Option<string?>("--relay-address") { Description = "Address relays bind to (default: the listen address)" };
        var minPort = new Option<int>("--min-port") { Description = "Lowest relay port", DefaultValueFactory = _ => 49152 };
        var maxPort = new Option<int>("--max-port") { Description = "Highest relay port", DefaultValueFactory = _ => 65535 };
        var maxAllocations = new Option<int>("--max-allocations") { Description = "Most allocations at once", DefaultValueFactory = _ => 1000 };
        var perUser = new Option<int>("--max-allocations-per-user") { Description = "Most allocations per user", DefaultValueFactory = _ => 10 };
        var loopback = new Option<bool>("--allow-loopback-peers") { Description = "Relay to 127.0.0.0/8 and ::1 (tests only)" };
        var privatePeers = new Option<bool>("--allow-private-peers") { Description = "Relay to private and link-local addresses" };
        var command = new Command("turnserver", "Run a TURN relay server (RFC 8656) over UDP and TCP")
        {
            listen, realm, users, usersFile, relayAddress, minPort, maxPort, maxAllocations, perUser, loopback, privatePeers,
        };
        command.SetAction(async (result, token) =>
        {
            var accounts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string entry in result.GetValue(users) ?? [])
            {
                int colon = entry.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    Console.Error.WriteLine($"turnserver: --user takes name:password, got '{entry}'");
                    return 1;
                }

                accounts[entry[..colon]] = entry[(colon + 1)..];
            }

            if (result.GetValue(usersFile) is { } file)
            {
                foreach ((string name, string pass) in TurnServerOptions.ParseUsersFile(await File.ReadAllTextAsync(file.FullName, token)))
                {
                    accounts[name] = pass;
                }
            }

            if (accounts.Count == 0)
            {
                Console.Error.WriteLine("turnserver: give --user name:password or --users FILE");
                return 1;
            }

            IPEndPoint endPoint = await StunEndPointParser.ResolveAsync(result.GetValue(listen)!, StunConstants.DefaultPort, token);
            string? relay = result.GetValue(relayAddress);
            await using TurnServer server = TurnServer.Start(JingleEnvironment.CreateDefault(), new TurnServerOptions
            {
                Listen = endPoint,
                Realm = result.GetValue(realm)!,
                Users = accounts,
                RelayAddress = relay is null ? null : IPAddress.Parse(relay),
                MinRelayPort = result.GetValue(minPort),
                MaxRelayPort = result.GetValue(maxPort),
                MaxAllocations = result.GetValue(maxAllocations),
                MaxAllocationsPerUser = result.GetValue(perUser),
                AllowLoopbackPeers = result.GetValue(loopback),
                AllowPrivatePeers = result.GetValue(privatePeers),
            });
            Console.WriteLine($"turn server on udp {server.LocalEndPoint} and tcp {server.TcpEndPoint}, realm {result.GetValue(realm)}, {accounts.Count} user(s)");
            Console.WriteLine("Ctrl+C to stop");
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
            }

            TurnServerStatistics s = server.Statistics;
            Console.WriteLine($"allocations {s.AllocationsCreated}, relayed {s.RelayedToPeers} out / {s.RelayedToClients} in, " +
                $"401 {s.Unauthenticated}, 438 {s.StaleNonces}, 403 {s.ForbiddenPeers}, malformed {s.MalformedPackets}");
            return 0;
        });
        return command;
    }
}
