using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Jingle.Net.Testing;

namespace Jingle.Net.Tests.Interop;

/// <summary>
/// aiortc (Debian python3-aiortc 1.4, run by /usr/bin/python3) as a real peer: Interop/Assets/aiortc_peer.py on a
/// free 127.0.0.1 port, driven over its HTTP JSON API (aiortc's <c>{"type":"offer","sdp":...}</c> convention).
/// ICE inside it is restricted to 127.0.0.1 and no STUN server is used. Stopped by PID on dispose.
/// </summary>
/// <example>
/// <code>
/// await using var aiortc = await AiortcPeer.StartAsync();          // echo
/// string answer = await aiortc.AnswerAsync(ourOfferSdp);            // our peer offers
/// // or: string offer = await aiortc.CreateOfferAsync(); ... await aiortc.SetAnswerAsync(ourAnswerSdp);
/// await aiortc.WaitOpenAsync(TimeSpan.FromSeconds(10));
/// </code>
/// </example>
public sealed class AiortcPeer : IInteropPeer
{
    public const string Python = "/usr/bin/python3";
    private const string AiortcModule = "/usr/lib/python3/dist-packages/aiortc/__init__.py";

    private readonly HttpClient _http;

    private AiortcPeer(ExternalProcess process, int port, InteropPeerBehaviour behaviour, LoopbackNetworkNamespace? ns)
    {
        Process = process;
        Port = port;
        Behaviour = behaviour;
        Namespace = ns;
        var handler = new SocketsHttpHandler();
        if (ns is not null)
        {
            // The signalling port is on the namespace's loopback: connect from a socket created inside it.
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                Socket socket = ns.Invoke(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        _http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The namespace aiortc runs in, or null for the host's 127.0.0.1.</summary>
    public LoopbackNetworkNamespace? Namespace { get; }

    /// <summary>The python process (its Output holds the peer's log: STATE/OPEN lines and errors).</summary>
    public ExternalProcess Process { get; }

    /// <summary>The HTTP signaling port on 127.0.0.1.</summary>
    public int Port { get; }

    public InteropPeerBehaviour Behaviour { get; }

    /// <summary>
    /// Checks the prerequisites (skip, or fail under CI=true, when /usr/bin/python3 or aiortc is missing) and starts
    /// the peer; returns once it accepts requests.
    /// </summary>
    /// <remarks>
    /// With <paramref name="ns"/>, aiortc runs inside that loopback-only namespace (<c>ip netns exec</c>), for
    /// example next to a <see cref="ChromiumPeer"/>; its HTTP signalling is then reached from a socket made inside
    /// the namespace. Without it, aiortc runs on the host's 127.0.0.1.
    /// </remarks>
    public static async Task<AiortcPeer> StartAsync(InteropPeerBehaviour behaviour = InteropPeerBehaviour.Echo, LoopbackNetworkNamespace? ns = null)
    {
        EnsurePrerequisites();
        string script = InteropAssets.Path("aiortc_peer.py");
        string mode = behaviour == InteropPeerBehaviour.Sink ? "sink" : "echo";
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort.Get();
            string[] command = [Python, "-u", script, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--behaviour", mode];
            if (ns is not null)
            {
                command = ns.Command(command);
            }

            var process = ExternalProcess.Start(command[0], command[1..],
                environment: new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1" });
            try
            {
                await process.WaitForOutputAsync("READY ", TimeSpan.FromSeconds(60));
                return new AiortcPeer(process, port, behaviour, ns);
            }
            catch (InvalidOperationException) when (attempt < 2 && process.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Skips (or fails under CI) unless Debian's python3 and python3-aiortc are installed and importable.</summary>
    public static void EnsurePrerequisites()
    {
        Requires.Program(Python, "apt-get install python3");
        Requires.File(AiortcModule, "apt-get install python3-aiortc");
        using var check = System.Diagnostics.Process.Start(new ProcessStartInfo(Python, ["-c", "import aiortc, aioice"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        string error = check.StandardError.ReadToEnd();
        check.WaitForExit();
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3-aiortc is installed but 'import aiortc' fails:\n{error}");
        }
    }

    public async Task<string> AnswerAsync(string offerSdp)
    {
        JsonNode reply = await PostAsync("offer", new JsonObject { ["type"] = "offer", ["sdp"] = offerSdp }, TimeSpan.FromSeconds(30));
        return (string?)reply["sdp"] ?? throw new InvalidOperationException("aiortc answer without sdp");
    }

    public async Task<string> CreateOfferAsync(string label = "echo")
    {
        JsonNode reply = await PostAsync("create-offer", new JsonObject { ["label"] = label }, TimeSpan.FromSeconds(30));
        return (string?)reply["sdp"] ?? throw new InvalidOperationException("aiortc offer without sdp");
    }

    public async Task SetAnswerAsync(string answerSdp) =>
        await PostAsync("answer", new JsonObject { ["type"] = "answer", ["sdp"] = answerSdp }, TimeSpan.FromSeconds(30));

    public async Task<double> WaitOpenAsync(TimeSpan timeout)
    {
        JsonNode reply = await PostAsync("wait-open", new JsonObject { ["timeout"] = timeout.TotalSeconds }, timeout + TimeSpan.FromSeconds(5));
        return (double?)reply["open_ms"] ?? double.NaN;
    }

    public async Task<IReadOnlyList<InteropMessage>> ExchangeAsync(IReadOnlyList<InteropMessage> messages, TimeSpan timeout)
    {
        var array = new JsonArray();
        foreach (InteropMessage message in messages)
        {
            array.Add(message.ToJson());
        }

        JsonNode reply = await PostAsync("exchange", new JsonObject { ["messages"] = array, ["timeout"] = timeout.TotalSeconds }, timeout + TimeSpan.FromSeconds(5));
        return [.. (reply["replies"]?.AsArray() ?? []).Select(n => InteropMessage.FromJson(n!))];
    }

    public async Task<BulkTransferResult> SendBulkAsync(long total, int chunk, TimeSpan timeout)
    {
        JsonNode reply = await PostAsync("send-bulk", new JsonObject { ["total"] = total, ["chunk"] = chunk, ["timeout"] = timeout.TotalSeconds },
            timeout + TimeSpan.FromSeconds(5));
        return BulkTransferResult.FromJson(reply);
    }

    public async Task<InteropPeerStats> GetStatsAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string text = await _http.GetStringAsync(new Uri("stats", UriKind.Relative), cts.Token);
        return InteropPeerStats.FromJson(JsonNode.Parse(text)!);
    }

    /// <summary>Closes the peer connection (the process keeps running).</summary>
    public async Task CloseAsync() => await PostAsync("close", new JsonObject(), TimeSpan.FromSeconds(10));

    private async Task<JsonNode> PostAsync(string path, JsonObject body, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await _http.PostAsync(new Uri(path, UriKind.Relative), content, cts.Token);
        string text = await response.Content.ReadAsStringAsync(cts.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"aiortc /{path} failed ({(int)response.StatusCode}): {text}\n--- aiortc output ---\n{Process.Output}");
        }

        return JsonNode.Parse(text) ?? new JsonObject();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Process.DisposeAsync();
    }
}
