using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Ports;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle ice [--stun host:port] [--turn host:port --user U --password P] [--tcp | --tcp-only] [-d]</c>: two ICE
/// agents in one process on real loopback sockets, signaling wired in memory. <c>--tcp</c> also gathers RFC 6544 TCP
/// candidates (active and passive); <c>--tcp-only</c> gathers no UDP candidates, so the agents connect over ICE-TCP. With <c>-d</c> every connectivity check is printed the way
/// libjingle's P2PTransportChannel logged them (<c>Conn[...|C-w|udp]: sendstun</c> ... <c>[w]CRW</c>).
/// </summary>
internal sealed class IceCommand : ICliCommand
{
    public Command Create()
    {
        var stun = new Option<string?>("--stun") { Description = "STUN server host:port (server-reflexive candidates)" };
        var turn = new Option<string?>("--turn") { Description = "TURN server host:port (relay candidates)" };
        var user = new Option<string?>("--user") { Description = "TURN username" };
        var password = new Option<string?>("--password") { Description = "TURN password" };
        var tcp = new Option<bool>("--turn-tcp") { Description = "Reach the TURN server over TCP (as behind a UDP-blocking firewall)" };
        var tls = new Option<bool>("--turn-tls") { Description = "Reach the TURN server over TLS (turns:)" };
        var tlsHost = new Option<string?>("--turn-tls-host") { Description = "Name the TURN server's certificate is checked against (default: its address)" };
        var tlsPin = new Option<string?>("--turn-tls-pin") { Description = "Trust exactly this certificate (SHA-1 thumbprint, hex), e.g. a self-signed coturn's" };
        var iceTcp = new Option<bool>("--tcp") { Description = "Also gather ICE-TCP candidates (RFC 6544 active + passive host candidates)" };
        var tcpOnly = new Option<bool>("--tcp-only") { Description = "Gather only ICE-TCP candidates (no UDP): the agents connect over TCP" };
        var debug = new Option<bool>("-d", "--debug") { Description = "Print every connectivity check in libjingle's log shape" };
        var runs = new Option<int>("--runs") { Description = "Connect this many times (the first includes JIT warm-up); prints the median", DefaultValueFactory = _ => 1 };
        var command = new Command("ice", "Two ICE agents connect over real loopback UDP (or TCP)") { stun, turn, user, password, tcp, tls, tlsHost, tlsPin, iceTcp, tcpOnly, debug, runs };
        command.SetAction(async (result, token) =>
        {
            var times = new List<double>();
            for (int i = 0; i < Math.Max(1, result.GetValue(runs)); i++)
            {
                TurnTransport transport = result.GetValue(tls) ? TurnTransport.Tls : result.GetValue(tcp) ? TurnTransport.Tcp : TurnTransport.Udp;
                double ms = await RunAsync(result.GetValue(stun), result.GetValue(turn), result.GetValue(user), result.GetValue(password),
                    transport, result.GetValue(tlsHost), result.GetValue(tlsPin), result.GetValue(iceTcp) || result.GetValue(tcpOnly), !result.GetValue(tcpOnly),
                    result.GetValue(debug) && i == 0, token);
                if (ms < 0)
                {
                    return 1;
                }

                times.Add(ms);
            }

            if (times.Count > 1)
            {
                times.Sort();
                Console.WriteLine($"{times.Count} runs: median connected in {times[times.Count / 2]:F2} ms (min {times[0]:F2}, max {times[^1]:F2}; the max is the cold first run)");
            }

            return 0;
        });
        return command;
    }

    /// <summary>One connection; returns the time to connected in milliseconds, or -1.</summary>
    private static async Task<double> RunAsync(string? stun, string? turn, string? user, string? password, TurnTransport transport,
        string? tlsHost, string? tlsPin, bool gatherTcp, bool gatherUdp, bool debug, CancellationToken token)
    {
        await using var worker = new RtcThread("worker");
        var allocator = new PortAllocatorOptions
        {
            NetworkFilter = NetworkFilter.WithLoopback,
            GatherTcp = gatherTcp,
            GatherUdp = gatherUdp,
            StunServers = stun is null ? [] : [IPEndPoint.Parse(stun)],
            TurnServers = turn is null ? [] : [new TurnServerConfig(IPEndPoint.Parse(turn), user ?? string.Empty, password ?? string.Empty)
            {
                Transport = transport,
                TlsTargetHost = tlsHost,
                TlsCertificateValidation = tlsPin is null
                    ? null
                    : (_, certificate, _, _) => string.Equals(certificate?.GetCertHashString(), tlsPin.Replace(":", string.Empty, StringComparison.Ordinal),
                        StringComparison.OrdinalIgnoreCase),
            }],
        };

        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();
        (P2PTransportChannel a, P2PTransportChannel b) = await worker.InvokeAsync(() =>
        {
            P2PTransportChannel x = CreateAgent("A", IceRole.Controlling, allocator, worker, debug);
            P2PTransportChannel y = CreateAgent("B", IceRole.Controlled, allocator, worker, debug);
            Wire(x, y);
            Wire(y, x);
            void Check(object? sender, IceTransportState state)
            {
                if (x.IsWritable && y.IsWritable)
                {
                    connected.TrySetResult();
                }
            }

            x.StateChanged += Check;
            y.StateChanged += Check;
            clock.Start();
            x.StartGathering();
            y.StartGathering();
            return (x, y);
        });

        Task finished = await Task.WhenAny(connected.Task, Task.Delay(TimeSpan.FromSeconds(10), token));
        double connectedMs = clock.Elapsed.TotalMilliseconds;
        if (finished != connected.Task)
        {
            Console.WriteLine("not connected within 10 s");
            await worker.InvokeAsync(() => { a.Close(); b.Close(); });
            return -1;
        }

        // Let nomination finish, then report.
        await Task.Delay(TimeSpan.FromMilliseconds(debug ? 300 : 60), token);
        await worker.InvokeAsync(() =>
        {
            foreach ((string name, P2PTransportChannel channel) in new[] { ("A", a), ("B", b) })
            {
                Console.WriteLine($"[{name}] local candidates: {string.Join(", ", channel.LocalCandidates.Select(c => $"{c.Type.ToString().ToLowerInvariant()} {c.Protocol.ToWireString()} {c.Host}:{c.Port}{(c.TcpType == TcpCandidateType.None ? string.Empty : " " + c.TcpType.ToWireString())}"))}");
                Console.WriteLine($"[{name}] selected {channel.SelectedPair?.Description} ({channel.State.ToWireString()}, rtt {channel.SelectedPair?.CurrentRoundTripTimeMs:F2} ms)");
            }

            a.Close();
            b.Close();
            Parameters.Remove(a);
            Parameters.Remove(b);
        });
        Console.WriteLine($"connected in {connectedMs:F2} ms");
        return connectedMs;
    }

    private static P2PTransportChannel CreateAgent(string name, IceRole role, PortAllocatorOptions allocator, RtcThread worker, bool debug)
    {
        JingleEnvironment env = JingleEnvironment.CreateDefault(debug ? LoggerFactory.Create(b => b.AddProvider(new LibjingleLogProvider(name)).SetMinimumLevel(LogLevel.Debug)) : null);
        env = env with { NetworkManager = new LoopbackNetworks() };
        var channel = new P2PTransportChannel(env, new P2PTransportChannelOptions
        {
            TransportName = "private-1",
            Role = role,
            Worker = worker,
            Allocator = allocator,
        });
        var parameters = IceParameters.Create(env.Random);
        channel.SetLocalParameters(parameters);
        channel.SelectedPairChanged += (_, e) => Console.WriteLine($"[{name}] selected pair: {e.Pair?.Description ?? "none"} ({e.Reason})");
        Parameters[channel] = parameters;
        return channel;
    }

    private static readonly Dictionary<P2PTransportChannel, IceParameters> Parameters = [];

    private static void Wire(P2PTransportChannel from, P2PTransportChannel to)
    {
        to.SetRemoteParameters(Parameters[from]);
        from.CandidateGathered += (_, e) => to.AddRemoteCandidate(e.Candidate);
        from.GatheringStateChanged += (_, s) =>
        {
            if (s == IceGatheringState.Complete)
            {
                to.AddRemoteEndOfCandidates();
            }
        };
    }

    /// <summary>Only the loopback interface: the two agents talk over 127.0.0.1.</summary>
    private sealed class LoopbackNetworks : INetworkManager
    {
        public IReadOnlyList<NetworkInfo> GetNetworks(NetworkFilter? filter = null) =>
            [new NetworkInfo("lo", 1, NetworkAdapterType.Loopback, true, [new NetworkAddress(IPAddress.Loopback, 8)])];
    }

    /// <summary>Prints ICE log lines as libjingle did: <c>[A]Conn[...]: sendstun</c>.</summary>
    private sealed class LibjingleLogProvider(string prefix) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(prefix, categoryName.StartsWith("Jingle.Net.Ice", StringComparison.Ordinal));

        public void Dispose()
        {
        }

        private sealed class Logger(string prefix, bool enabled) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => enabled && logLevel >= LogLevel.Debug;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    string level = logLevel >= LogLevel.Error ? "Error: " : logLevel >= LogLevel.Warning ? "Warning: " : string.Empty;
                    Console.WriteLine($"{level}[{prefix}]{formatter(state, exception)}");
                }
            }
        }
    }
}
