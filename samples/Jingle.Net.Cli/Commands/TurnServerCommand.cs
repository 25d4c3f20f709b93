using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Jingle.Net.Base;
using Jingle.Net.Stun;
using Jingle.Net.Stun.Turn.Server;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle turnserver --listen host:port --realm R (--user U:P | --users FILE) [--tls-cert FILE --tls-key FILE
/// [--tls-port N]] [...]</c>: the relay server of libjingle's examples, with quotas and refusal to relay into
/// loopback/private networks unless allowed; with a PEM certificate and key it also listens for TURN over TLS
/// (<c>turns:</c>, RFC 8656 §3.1) and prints that URL.
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
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate file: also listen for TURN over TLS (turns:)" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert (RSA or EC, PKCS#8 or traditional, unencrypted)" };
        var tlsPort = new Option<int>("--tls-port") { Description = "TLS port on the listen address (0 = any free port)", DefaultValueFactory = _ => StunConstants.DefaultTlsPort };
        var command = new Command("turnserver", "Run a TURN relay server (RFC 8656) over UDP and TCP, and TLS with --tls-cert")
        {
            listen, realm, users, usersFile, relayAddress, minPort, maxPort, maxAllocations, perUser, loopback, privatePeers, tlsCert, tlsKey, tlsPort,
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
                string text;
                try
                {
                    text = await File.ReadAllTextAsync(file.FullName, token);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"turnserver: cannot read --users {file.FullName}: {e.Message}");
                    return 1;
                }

                foreach ((string name, string pass) in TurnServerOptions.ParseUsersFile(text))
                {
                    accounts[name] = pass;
                }
            }

            if (accounts.Count == 0)
            {
                Console.Error.WriteLine("turnserver: give --user name:password or --users FILE");
                return 1;
            }

            string? certFile = result.GetValue(tlsCert), keyFile = result.GetValue(tlsKey);
            int tlsPortNumber = result.GetValue(tlsPort);
            if ((certFile is null) != (keyFile is null) || (certFile is null && result.GetResult(tlsPort) is { Implicit: false }))
            {
                Console.Error.WriteLine("turnserver: TLS needs both --tls-cert FILE and --tls-key FILE (--tls-port only with them)");
                return 1;
            }

            if (tlsPortNumber is < 0 or > IPEndPoint.MaxPort)
            {
                Console.Error.WriteLine($"turnserver: --tls-port must be 0-65535, got {tlsPortNumber}");
                return 1;
            }

            X509Certificate2? certificate = null;
            if (certFile is not null)
            {
                certificate = PemCertificateFiles.TryLoad(certFile, keyFile!, out string? certificateError);
                if (certificate is null)
                {
                    Console.Error.WriteLine($"turnserver: {certificateError}");
                    return 1;
                }
            }

            using X509Certificate2? ownedCertificate = certificate;   // disposed after the server: the host owns it
            IPEndPoint endPoint = await StunEndPointParser.ResolveAsync(result.GetValue(listen)!, StunConstants.DefaultPort, token);
            string? relay = result.GetValue(relayAddress);
            var options = new TurnServerOptions
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
                TlsCertificate = certificate,
                TlsListen = certificate is null ? null : new IPEndPoint(endPoint.Address, tlsPortNumber),
            };
            TurnServer server;
            try
            {
                server = TurnServer.Start(JingleEnvironment.CreateDefault(), options);
            }
            catch (SocketException e)
            {
                Console.Error.WriteLine($"turnserver: cannot listen on {endPoint.Address} (udp/tcp port {endPoint.Port}" +
                    (certificate is null ? string.Empty : $", tls port {tlsPortNumber}") + $"): {e.Message}");
                return 1;
            }

            await using TurnServer running = server;
            Console.WriteLine($"turn server on udp {server.LocalEndPoint} and tcp {server.TcpEndPoint}, realm {result.GetValue(realm)}, {accounts.Count} user(s)");
            if (server.TlsEndPoint is { } tls && certificate is not null)
            {
                string scope = tls.Address.Equals(IPAddress.Any) || tls.Address.Equals(IPAddress.IPv6Any) ? " on every address" : string.Empty;
                Console.WriteLine($"turns:{tls}?transport=tcp{scope} (TLS, certificate {certificate.Subject}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC)");
                DateTime now = TimeProvider.System.GetUtcNow().UtcDateTime;
                if (certificate.NotAfter.ToUniversalTime() < now || certificate.NotBefore.ToUniversalTime() > now)
                {
                    Console.Error.WriteLine("turnserver: warning: the certificate is not valid now; clients that check it will refuse the handshake");
                }
            }

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
