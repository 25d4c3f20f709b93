using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Jingle.Net.Base;
using Jingle.Net.Stun;
using Jingle.Net.Stun.Client;
using Jingle.Net.Stun.Turn;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle turn host:port --user U --password P [--tcp] [--peer host:port] [--json]</c>: allocates a relay on a TURN
/// server and prints <c>relay &lt;address&gt;</c>; with --peer, sends datagrams to an echoing peer through the relay
/// (over a channel) and prints the round-trip times.
/// </summary>
internal sealed class TurnCommand : ICliCommand
{
    public Command Create()
    {
        var server = new Argument<string>("server") { Description = "TURN server, host:port (port 3478 by default)" };
        var user = new Option<string>("--user") { Description = "Username", Required = true };
        var password = new Option<string>("--password") { Description = "Password", Required = true };
        var tcp = new Option<bool>("--tcp") { Description = "Reach the server over TCP" };
        var tls = new Option<bool>("--tls") { Description = "Reach the server over TLS" };
        var peer = new Option<string?>("--peer") { Description = "An echoing peer (host:port) to exchange datagrams with through the relay" };
        var count = new Option<int>("--count") { Description = "Datagrams to exchange with --peer", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("turn", "Allocate a relayed address on a TURN server") { server, user, password, tcp, tls, peer, count, json };
        command.SetAction((result, token) => RunAsync(result.GetValue(server)!, result.GetValue(user)!, result.GetValue(password)!,
            result.GetValue(tls) ? StunTransport.Tls : result.GetValue(tcp) ? StunTransport.Tcp : StunTransport.Udp,
            result.GetValue(peer), result.GetValue(count), result.GetValue(json), token));
        return command;
    }

    private static async Task<int> RunAsync(string server, string user, string password, StunTransport transport, string? peer, int count,
        bool json, CancellationToken token)
    {
        JingleEnvironment env = JingleEnvironment.CreateDefault();
        IPEndPoint endPoint = await StunEndPointParser.ResolveAsync(server,
            transport == StunTransport.Tls ? StunConstants.DefaultTlsPort : StunConstants.DefaultPort, token);
        var rtts = new List<double>();
        try
        {
            await using TurnClient turn = await TurnClient.AllocateAsync(env, endPoint, new TurnClientOptions
            {
                Username = user,
                Password = password,
                Connection = new StunClientOptions { Transport = transport },
            }, token);
            if (!json)
            {
                Console.WriteLine($"relay {turn.RelayedAddress}");
                Console.WriteLine($"mapped {turn.MappedAddress} lifetime {turn.Lifetime.TotalSeconds:F0} s via {transport.ToString().ToLowerInvariant()} {endPoint}");
            }

            if (peer is not null)
            {
                IPEndPoint peerEndPoint = await StunEndPointParser.ResolveAsync(peer, 3480, token);
                var echoes = Channel.CreateUnbounded<long>();
                turn.DataReceived += (data, _) => echoes.Writer.TryWrite(Stopwatch.GetTimestamp());
                await turn.CreatePermissionAsync(peerEndPoint.Address, token);
                ushort channel = await turn.BindChannelAsync(peerEndPoint, token);
                if (!json)
                {
                    Console.WriteLine($"peer {peerEndPoint} on channel 0x{channel:x4}");
                }

                byte[] payload = new byte[100];
                for (int i = 0; i < count; i++)
                {
                    long sent = Stopwatch.GetTimestamp();
                    BitConverter.TryWriteBytes(payload, i);
                    turn.SendToPeer(payload, peerEndPoint);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(TimeSpan.FromSeconds(2));
                    try
                    {
                        long received = await echoes.Reader.ReadAsync(timeout.Token);
                        double ms = Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds;
                        rtts.Add(ms);
                        if (!json)
                        {
                            Console.WriteLine($"echo {i + 1}/{count}: {ms:F2} ms");
                        }
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        if (!json)
                        {
                            Console.WriteLine($"echo {i + 1}/{count}: lost");
                        }
                    }
                }
            }

            if (json)
            {
                using var writer = new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Indented = true });
                writer.WriteStartObject();
                writer.WriteString("relay", turn.RelayedAddress.ToString());
                writer.WriteString("mapped", turn.MappedAddress?.ToString());
                writer.WriteNumber("lifetimeSeconds", turn.Lifetime.TotalSeconds);
                writer.WriteString("transport", transport.ToString().ToLowerInvariant());
                writer.WriteStartArray("rttMs");
                foreach (double rtt in rtts)
                {
                    writer.WriteNumberValue(Math.Round(rtt, 3));
                }

                writer.WriteEndArray();
                writer.WriteNumber("lost", peer is null ? 0 : count - rtts.Count);
                writer.WriteEndObject();
                writer.Flush();
                Console.WriteLine();
            }
            else if (rtts.Count > 0)
            {
                Console.WriteLine($"rtt min/avg/max {rtts.Min():F2}/{rtts.Average():F2}/{rtts.Max():F2} ms, {count - rtts.Count} lost");
            }

            return peer is null || rtts.Count == count ? 0 : 2;
        }
        catch (Exception e) when (e is TimeoutException or StunErrorResponseException or System.Net.Sockets.SocketException or IOException)
        {
            Console.Error.WriteLine($"turn: {e.Message}");
            return 1;
        }
    }
}
