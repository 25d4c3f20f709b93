using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Jingle.Net.Base;
using Jingle.Net.Xmpp;
using Jingle.Net.Xmpp.Modules;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle xmpp login|send</c>: libjingle's login example. Logs in (STARTTLS or direct TLS, SCRAM or PLAIN over
/// TLS, certificate checked against the system store or the <c>--ca</c> file), prints the bound JID and roster, or
/// sends one message. A failed login exits 2 with the SASL or stream condition.
/// </summary>
internal sealed class XmppCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("xmpp", "XMPP client: log in, print the roster, send a message");
        command.Subcommands.Add(CreateLogin());
        command.Subcommands.Add(CreateSend());
        command.Subcommands.Add(CreateEchoBench());
        return command;
    }

    private static Command CreateLogin()
    {
        var options = new ConnectionOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text" };
        var repeat = new Option<int>("--repeat") { Description = "Log in this many times and print the median login time (benchmark)", DefaultValueFactory = _ => 1 };
        var login = new Command("login", "Log in, print the bound full JID and the roster");
        options.AddTo(login);
        login.Options.Add(json);
        login.Options.Add(repeat);
        login.SetAction((result, token) => result.GetValue(repeat) > 1
            ? RunLoginRepeatAsync(options.Read(result), result.GetValue(repeat), token)
            : RunLoginAsync(options.Read(result), result.GetValue(json), token));
        return login;
    }

    private static Command CreateSend()
    {
        var options = new ConnectionOptions();
        var to = new Option<string>("--to") { Description = "Recipient JID", Required = true };
        var body = new Option<string>("--body") { Description = "Message text", Required = true };
        var send = new Command("send", "Log in and send one chat message");
        options.AddTo(send);
        send.Options.Add(to);
        send.Options.Add(body);
        send.SetAction((result, token) => RunSendAsync(options.Read(result), result.GetValue(to)!, result.GetValue(body)!, token));
        return send;
    }

    private static async Task<int> RunLoginAsync(XmppClientOptions? options, bool json, CancellationToken token)
    {
        if (options is null)
        {
            return 64;
        }

        try
        {
            var env = JingleEnvironment.CreateDefault();
            long start = env.TimeProvider.GetTimestamp();
            await using XmppClient client = await XmppClient.ConnectAsync(env, options, cancellationToken: token);
            TimeSpan loginTime = env.TimeProvider.GetElapsedTime(start);
            IReadOnlyList<RosterItem> roster = await client.Roster.GetAsync(token);
            if (json)
            {
                var output = new Dictionary<string, object?>
                {
                    ["jid"] = client.BoundJid?.ToString(),
                    ["mechanism"] = client.AuthenticatedMechanism,
                    ["loginMs"] = Math.Round(loginTime.TotalMilliseconds, 1),
                    ["roster"] = roster.Select(i => new Dictionary<string, object?>
                    {
                        ["jid"] = i.Jid.ToString(), ["name"] = i.Name, ["subscription"] = i.Subscription, ["groups"] = i.Groups,
                    }).ToArray(),
                };
                Console.WriteLine(JsonSerializer.Serialize(output));
            }
            else
            {
                Console.WriteLine($"logged in as {client.BoundJid} ({client.AuthenticatedMechanism}, {loginTime.TotalMilliseconds:F0} ms)");
                Console.WriteLine($"roster: {roster.Count} contact(s)");
                foreach (RosterItem item in roster)
                {
                    string groups = item.Groups.Count == 0 ? string.Empty : " [" + string.Join(", ", item.Groups) + "]";
                    Console.WriteLine($"  {item.Jid}  {item.Name}  subscription={item.Subscription}{groups}");
                }
            }

            await client.DisconnectAsync();
            return 0;
        }
        catch (XmppConnectionException ex)
        {
            return Fail(ex, json);
        }
    }

    /// <summary>Logs in <paramref name="count"/> times in this process and prints each time and the median.</summary>
    private static async Task<int> RunLoginRepeatAsync(XmppClientOptions? options, int count, CancellationToken token)
    {
        if (options is null)
        {
            return 64;
        }

        var env = JingleEnvironment.CreateDefault();
        var times = new List<double>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                long start = env.TimeProvider.GetTimestamp();
                await using XmppClient client = await XmppClient.ConnectAsync(env, options with { StreamManagement = false }, cancellationToken: token);
                times.Add(env.TimeProvider.GetElapsedTime(start).TotalMilliseconds);
                await client.DisconnectAsync();
            }
        }
        catch (XmppConnectionException ex)
        {
            return Fail(ex, json: false);
        }

        Console.WriteLine("login ms: " + string.Join(' ', times.Select(t => t.ToString("F1", CultureInfo.InvariantCulture))));
        Console.WriteLine($"jingle.net median login: {Median(times).ToString("F1", CultureInfo.InvariantCulture)} ms over {count}");
        return 0;
    }

    private static Command CreateEchoBench()
    {
        var options = new ConnectionOptions();
        var peerJid = new Option<string>("--peer-jid") { Description = "Second account (echoes)", Required = true };
        var peerPassword = new Option<string>("--peer-password") { Description = "Its password", Required = true };
        var count = new Option<int>("--count") { Description = "Round trips", DefaultValueFactory = _ => 2000 };
        var bench = new Command("echo-bench", "Two clients through the server: message round trips per second");
        options.AddTo(bench);
        bench.Options.Add(peerJid);
        bench.Options.Add(peerPassword);
        bench.Options.Add(count);
        bench.SetAction((result, token) =>
        {
            XmppClientOptions? a = options.Read(result);
            return a is null || !Jid.TryParse(result.GetValue(peerJid), out Jid? peer)
                ? Task.FromResult(64)
                : RunEchoBenchAsync(a, a with { Jid = peer, Password = result.GetValue(peerPassword)! }, result.GetValue(count), token);
        });
        return bench;
    }

    private static async Task<int> RunEchoBenchAsync(XmppClientOptions aOptions, XmppClientOptions bOptions, int count, CancellationToken token)
    {
        var env = JingleEnvironment.CreateDefault();
        await using XmppClient a = await XmppClient.ConnectAsync(env, aOptions, cancellationToken: token);
        await using XmppClient b = await XmppClient.ConnectAsync(env, bOptions, cancellationToken: token);
        a.Presence.SendAvailable();
        b.Presence.SendAvailable();
        await a.Ping.PingAsync(cancellationToken: token);
        await b.Ping.PingAsync(cancellationToken: token);
        b.Messages.Received += (_, e) =>
        {
            if (e.Body is not null && e.From is not null)
            {
                b.Messages.Send(e.From, e.Body);
            }
        };
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Messages.Received += (_, _) => next.TrySetResult();
        Jid peer = b.BoundJid!;
        long start = env.TimeProvider.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            a.Messages.Send(peer, "ping " + i.ToString(CultureInfo.InvariantCulture));
            await next.Task.WaitAsync(TimeSpan.FromSeconds(10), token);
        }

        double seconds = env.TimeProvider.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine($"{count} message round trips in {seconds * 1000:F0} ms: {count / seconds:F0} round trips/s ({seconds * 1e6 / count:F0} µs each)");
        await a.DisconnectAsync();
        await b.DisconnectAsync();
        return 0;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<int> RunSendAsync(XmppClientOptions? options, string to, string body, CancellationToken token)
    {
        if (options is null)
        {
            return 64;
        }

        if (!Jid.TryParse(to, out Jid? recipient))
        {
            Console.Error.WriteLine($"--to: '{to}' is not a JID");
            return 64;
        }

        try
        {
            await using XmppClient client = await XmppClient.ConnectAsync(JingleEnvironment.CreateDefault(), options, cancellationToken: token);
            string id = client.Messages.Send(recipient, body);
            await client.Ping.PingAsync(cancellationToken: token); // the server has the message once it answers this
            Console.WriteLine($"sent message {id} from {client.BoundJid} to {recipient}");
            await client.DisconnectAsync();
            return 0;
        }
        catch (XmppConnectionException ex)
        {
            return Fail(ex, json: false);
        }
    }

    private static int Fail(XmppConnectionException ex, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string?>
            {
                ["error"] = ex.Error.ToString(), ["condition"] = ex.Condition, ["message"] = ex.Message,
            }));
        }
        else
        {
            Console.Error.WriteLine($"login failed: {ex.Error}" + (ex.Condition is null ? string.Empty : $" ({ex.Condition})") + $" — {ex.Message}");
        }

        return 2;
    }

    private sealed class ConnectionOptions
    {
        private readonly Option<string> _jid = new("--jid") { Description = "Account JID (user@domain[/resource])", Required = true };
        private readonly Option<string> _password = new("--password") { Description = "Password", Required = true };
        private readonly Option<string?> _server = new("--server") { Description = "host:port (default: DNS SRV for the JID's domain)" };
        private readonly Option<FileInfo?> _ca = new("--ca") { Description = "PEM file with the CA (or self-signed server) certificate to trust" };
        private readonly Option<bool> _directTls = new("--direct-tls") { Description = "TLS from the first byte (XEP-0368) instead of STARTTLS" };

        public void AddTo(Command command)
        {
            command.Options.Add(_jid);
            command.Options.Add(_password);
            command.Options.Add(_server);
            command.Options.Add(_ca);
            command.Options.Add(_directTls);
        }

        public XmppClientOptions? Read(ParseResult result)
        {
            if (!Jid.TryParse(result.GetValue(_jid), out Jid? jid) || jid.Local is null)
            {
                Console.Error.WriteLine("--jid must be user@domain");
                return null;
            }

            string? host = null;
            int port = 0;
            if (result.GetValue(_server) is { } server)
            {
                int colon = server.LastIndexOf(':');
                if (colon > 0 && int.TryParse(server[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int p))
                {
                    host = server[..colon];
                    port = p;
                }
                else
                {
                    host = server;
                }
            }

            X509Certificate2Collection? trusted = null;
            if (result.GetValue(_ca) is { } ca)
            {
                trusted = [];
                trusted.ImportFromPemFile(ca.FullName);
            }

            return new XmppClientOptions
            {
                Jid = jid,
                Password = result.GetValue(_password)!,
                Host = host,
                Port = port,
                TrustedCertificates = trusted,
                TlsMode = result.GetValue(_directTls) ? XmppTlsMode.DirectTls : XmppTlsMode.StartTls,
            };
        }
    }
}
