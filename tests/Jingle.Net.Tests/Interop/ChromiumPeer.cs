using System.Text.Json;
using Jingle.Net.Testing;
using Microsoft.Playwright;

namespace Jingle.Net.Tests.Interop;

/// <summary>
/// Headless Debian Chromium as a real peer, driven by NuGet Microsoft.Playwright (its bundled Node driver talks to
/// Chromium over --remote-debugging-pipe; no browser is ever downloaded). Chromium runs inside a
/// <see cref="LoopbackNetworkNamespace"/> (its only interface is lo), so it can gather nothing but loopback; the
/// pipe crosses the namespace boundary, and the page (Interop/Assets/chromium_peer.html) is served to it by
/// Playwright request interception at http://127.0.0.1/ (a secure context, no socket needed). Our own peer joins
/// the same namespace through <see cref="Namespace"/> (<see cref="LoopbackNetworkNamespace.RunAsync{T}"/>).
/// Same shape as <see cref="AiortcPeer"/>; plus <see cref="RestartIceAsync"/> and <see cref="LoopbackAsync"/>.
/// </summary>
public sealed class ChromiumPeer : IInteropPeer
{
    public const string Executable = "/usr/bin/chromium";
    private const string PageUrl = "http://127.0.0.1/jingle/chromium_peer.html";

    private static readonly string[] Flags =
    [
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--allow-loopback-in-peer-connection",
        // The page takes a (fake, silent) getUserMedia grant: Chromium only enumerates adapters for such a page.
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        // Host candidates as addresses, not mDNS names, without a getUserMedia grant.
        "--disable-features=WebRtcHideLocalIpsWithMdns",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly string _tempDir;
    private readonly LoopbackNetworkNamespace? _ownedNamespace;

    private ChromiumPeer(IPlaywright playwright, IBrowser browser, IPage page, string tempDir, LoopbackNetworkNamespace ns,
        bool ownsNamespace, InteropPeerBehaviour behaviour)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        _tempDir = tempDir;
        Namespace = ns;
        _ownedNamespace = ownsNamespace ? ns : null;
        Behaviour = behaviour;
    }

    /// <summary>The page holding <c>window.jn</c>, for anything the typed methods do not cover.</summary>
    public IPage Page { get; }

    /// <summary>The loopback-only namespace Chromium runs in; put our peer's sockets in it to talk to Chromium.</summary>
    public LoopbackNetworkNamespace Namespace { get; }

    public InteropPeerBehaviour Behaviour { get; }

    /// <summary>Browser console lines and page errors, for failure messages.</summary>
    public List<string> Console { get; } = [];

    /// <summary>
    /// Checks the prerequisites (root, ip, /usr/bin/chromium: skip, or fail under CI) and starts Chromium inside
    /// <paramref name="ns"/>, or inside a new namespace this peer owns and deletes on dispose.
    /// </summary>
    public static async Task<ChromiumPeer> StartAsync(InteropPeerBehaviour behaviour = InteropPeerBehaviour.Echo, LoopbackNetworkNamespace? ns = null)
    {
        Requires.Root();
        Requires.File(Executable, "apt-get install chromium");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        bool owns = ns is null;
        ns ??= LoopbackNetworkNamespace.Create();
        string tempDir = Directory.CreateTempSubdirectory("jn-chromium-").FullName;
        IPlaywright? playwright = null;
        try
        {
            // Playwright launches this wrapper with its own flags (--remote-debugging-pipe, --headless, a fresh
            // --user-data-dir in /tmp); ip netns exec execs Chromium in the namespace and keeps fds 3/4 (the pipe).
            string wrapper = Path.Combine(tempDir, "chromium-in-netns");
            await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec ip netns exec {ns.Name} {Executable} \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            playwright = await Playwright.CreateAsync();
            IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = wrapper,
                Headless = true,
                ChromiumSandbox = false,
                Args = Flags,
                Timeout = 60_000,
            });
            IPage page = await browser.NewPageAsync();
            var peer = new ChromiumPeer(playwright, browser, page, tempDir, ns, owns, behaviour);
            page.Console += (_, m) => { lock (peer.Console) { peer.Console.Add(m.Type + ": " + m.Text); } };
            page.PageError += (_, e) => { lock (peer.Console) { peer.Console.Add("pageerror: " + e); } };
            string html = await File.ReadAllTextAsync(InteropAssets.Path("chromium_peer.html"));
            await page.RouteAsync("http://127.0.0.1/jingle/**", route => route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200,
                ContentType = "text/html; charset=utf-8",
                Body = html,
            }));
            await page.GotoAsync(PageUrl);
            await page.WaitForFunctionAsync("() => window.jn && (window.jn.ready === true || window.jn.grantError !== null)");
            string? grantError = await page.EvaluateAsync<string?>("() => jn.grantError");
            if (grantError is not null)
            {
                throw new InvalidOperationException("Chromium refused the getUserMedia grant the page needs for loopback candidates: " + grantError);
            }

            return peer;
        }
        catch
        {
            playwright?.Dispose();
            Directory.Delete(tempDir, recursive: true);
            if (owns)
            {
                ns.Dispose();
            }

            throw;
        }
    }

    private string Mode => Behaviour == InteropPeerBehaviour.Sink ? "sink" : "echo";

    public Task<string> AnswerAsync(string offerSdp) =>
        Page.EvaluateAsync<string>("([sdp, b]) => jn.answer(sdp, b)", new object[] { offerSdp, Mode });

    public Task<string> CreateOfferAsync(string label = "echo") =>
        Page.EvaluateAsync<string>("([label, b]) => jn.createOffer(label, b)", new object[] { label, Mode });

    public Task SetAnswerAsync(string answerSdp) => Page.EvaluateAsync("sdp => jn.setAnswer(sdp)", answerSdp);

    public Task<double> WaitOpenAsync(TimeSpan timeout) =>
        Page.EvaluateAsync<double>("ms => jn.waitOpen(ms)", timeout.TotalMilliseconds);

    /// <summary>ICE restart as the offerer (after an earlier <see cref="CreateOfferAsync"/>): returns the restart offer; complete it with <see cref="SetAnswerAsync"/>.</summary>
    public Task<string> RestartIceAsync() => Page.EvaluateAsync<string>("() => jn.restartIce()");

    /// <summary>Applies a new remote offer (for example our ICE restart) to the existing connection; returns Chromium's answer.</summary>
    public Task<string> ReanswerAsync(string offerSdp) => Page.EvaluateAsync<string>("sdp => jn.reanswer(sdp)", offerSdp);

    /// <summary>The ice-ufrag of Chromium's current local description (changes on an ICE restart).</summary>
    public Task<string?> GetLocalIceUfragAsync() => Page.EvaluateAsync<string?>("() => jn.iceUfrag()");

    /// <summary>Chromium's selected candidate pair (getStats), or null while none is selected.</summary>
    public async Task<ChromiumSelectedPair?> GetSelectedPairAsync()
    {
        JsonElement result = await Page.EvaluateAsync<JsonElement>("() => jn.selectedPair()");
        return result.ValueKind == JsonValueKind.Object
            ? ChromiumSelectedPair.FromJson(System.Text.Json.Nodes.JsonNode.Parse(result.GetRawText())!)
            : null;
    }

    /// <summary>Starts <see cref="SendBulkAsync"/> in the page without waiting, so a test can act mid-transfer; finish with <see cref="BulkResultAsync"/>.</summary>
    public Task StartBulkAsync(long total, int chunk, TimeSpan timeout) =>
        Page.EvaluateAsync("([t, c, ms]) => jn.bulkStart(t, c, ms)", new object[] { total, chunk, timeout.TotalMilliseconds });

    /// <summary>Waits for the transfer begun by <see cref="StartBulkAsync"/>.</summary>
    public async Task<BulkTransferResult> BulkResultAsync()
    {
        JsonElement result = await Page.EvaluateAsync<JsonElement>("() => jn.bulkResult()");
        return BulkTransferResult.FromJson(System.Text.Json.Nodes.JsonNode.Parse(result.GetRawText())!);
    }

    public async Task<IReadOnlyList<InteropMessage>> ExchangeAsync(IReadOnlyList<InteropMessage> messages, TimeSpan timeout)
    {
        object[] items = [.. messages.Select(ToArgument)];
        JsonElement replies = await Page.EvaluateAsync<JsonElement>("([m, ms]) => jn.exchange(m, ms)", new object[] { items, timeout.TotalMilliseconds });
        return [.. replies.EnumerateArray().Select(FromJson)];
    }

    public async Task<BulkTransferResult> SendBulkAsync(long total, int chunk, TimeSpan timeout)
    {
        JsonElement result = await Page.EvaluateAsync<JsonElement>("([t, c, ms]) => jn.sendBulk(t, c, ms)",
            new object[] { total, chunk, timeout.TotalMilliseconds });
        return BulkTransferResult.FromJson(System.Text.Json.Nodes.JsonNode.Parse(result.GetRawText())!);
    }

    public async Task<InteropPeerStats> GetStatsAsync()
    {
        JsonElement result = await Page.EvaluateAsync<JsonElement>("() => jn.stats()");
        return InteropPeerStats.FromJson(System.Text.Json.Nodes.JsonNode.Parse(result.GetRawText())!);
    }

    /// <summary>
    /// Chromium↔Chromium: two RTCPeerConnections in this page. Measures createOffer→open on the offerer, echoes
    /// <paramref name="messages"/> and, if <paramref name="total"/> &gt; 0, sends that many bytes in
    /// <paramref name="chunk"/>-byte messages to a sink.
    /// </summary>
    public async Task<ChromiumLoopbackResult> LoopbackAsync(IReadOnlyList<InteropMessage> messages, long total, int chunk, TimeSpan timeout)
    {
        object[] items = [.. messages.Select(ToArgument)];
        JsonElement result = await Page.EvaluateAsync<JsonElement>("([m, t, c, ms]) => jn.loopback(m, t, c, ms)",
            new object[] { items, total, chunk, timeout.TotalMilliseconds });
        var node = System.Text.Json.Nodes.JsonNode.Parse(result.GetRawText())!;
        return new ChromiumLoopbackResult(
            (double?)node["open_ms"] ?? double.NaN,
            [.. (node["echoed"]?.AsArray() ?? []).Select(n => InteropMessage.FromJson(n!))],
            node["bulk"] is { } bulk ? BulkTransferResult.FromJson(bulk) : null,
            (string?)node["offer"] ?? string.Empty,
            (string?)node["answer"] ?? string.Empty);
    }

    private static Dictionary<string, string> ToArgument(InteropMessage m) => m.IsBinary
        ? new Dictionary<string, string> { ["kind"] = "binary", ["b64"] = Convert.ToBase64String(m.Data) }
        : new Dictionary<string, string> { ["kind"] = "text", ["data"] = m.AsText() };

    private static InteropMessage FromJson(JsonElement e) =>
        e.GetProperty("kind").GetString() == "binary"
            ? InteropMessage.Binary(Convert.FromBase64String(e.GetProperty("b64").GetString() ?? string.Empty))
            : InteropMessage.Text(e.GetProperty("data").GetString() ?? string.Empty);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _browser.CloseAsync();
        }
        finally
        {
            _playwright.Dispose();
            try
            {
                Directory.Delete(_tempDir, recursive: true);
            }
            catch (IOException)
            {
            }

            _ownedNamespace?.Dispose();
        }
    }
}
