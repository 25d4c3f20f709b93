using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// The client half of libwebrtc's peerconnection_server protocol (what its PeerConnectionClient does, over
/// HttpClient): sign in and learn our id from Pragma and the peer list from the body, long-poll /wait (a response
/// whose Pragma is our own id is a peer-list line, any other Pragma is the sending peer's id and the body its
/// message), post messages one at a time in order, sign out. "BYE" is the sample's hang-up message.
/// </summary>
internal sealed class PcSignalingClient(HttpClient http, Uri server) : IDisposable
{
    public const string Bye = "BYE";

    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public int Id { get; private set; } = -1;

    /// <summary>The other peers signed in, by id (updated by <see cref="WaitAsync"/>).</summary>
    public Dictionary<int, string> Peers { get; } = [];

    /// <summary>GET /sign_in?NAME.</summary>
    public async Task SignInAsync(string name, CancellationToken token)
    {
        using HttpResponseMessage response = await http.GetAsync(new Uri(server, "/sign_in?" + Uri.EscapeDataString(name)), token);
        response.EnsureSuccessStatusCode();
        Id = PragmaOf(response) ?? throw new HttpRequestException("sign_in response without Pragma (our peer id)");
        foreach (string line in (await response.Content.ReadAsStringAsync(token)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParseEntry(line, out string peerName, out int id, out _) && id != Id)
            {
                Peers[id] = peerName;
            }
        }
    }

    /// <summary>One GET /wait: returns the sender id and the message, or (our id, "") after a peer-list update
    /// (applied to <see cref="Peers"/>; <paramref name="changed"/> tells which peer and whether it is connected).</summary>
    public async Task<(int From, string Message, (int Id, bool Connected)? Changed)> WaitAsync(CancellationToken token)
    {
        using HttpResponseMessage response = await http.GetAsync(new Uri(server, Query("/wait", null)), HttpCompletionOption.ResponseContentRead, token);
        response.EnsureSuccessStatusCode();
        int from = PragmaOf(response) ?? throw new HttpRequestException("wait response without Pragma");
        string body = await response.Content.ReadAsStringAsync(token);
        if (from != Id)
        {
            return (from, body, null);
        }

        if (!TryParseEntry(body.TrimEnd('\n'), out string name, out int id, out bool connected))
        {
            return (from, string.Empty, null);   // an empty keep-alive (pcserver --wait-timeout)
        }

        if (connected)
        {
            Peers[id] = name;
        }
        else
        {
            Peers.Remove(id);
        }

        return (from, string.Empty, (id, connected));
    }

    /// <summary>POST /message?peer_id=ID&amp;to=PEER; messages go one at a time, in call order.</summary>
    public async Task SendAsync(int to, string message, CancellationToken token)
    {
        await _sendLock.WaitAsync(token);
        try
        {
            using var content = new StringContent(message, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            using HttpResponseMessage response = await http.PostAsync(new Uri(server, Query("/message", to)), content, token);
            response.EnsureSuccessStatusCode();
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>GET /sign_out?peer_id=ID.</summary>
    public async Task SignOutAsync(CancellationToken token)
    {
        if (Id < 0)
        {
            return;
        }

        using HttpResponseMessage response = await http.GetAsync(new Uri(server, Query("/sign_out", null)), token);
        Id = -1;
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _sendLock.Dispose();

    private string Query(string path, int? to) => to is null
        ? string.Create(CultureInfo.InvariantCulture, $"{path}?peer_id={Id}")
        : string.Create(CultureInfo.InvariantCulture, $"{path}?peer_id={Id}&to={to}");

    internal static int? PragmaOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Pragma", out IEnumerable<string>? values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : null;

    /// <summary>"name,id,connected" (connected may be missing, as in the original's parser).</summary>
    internal static bool TryParseEntry(string entry, out string name, out int id, out bool connected)
    {
        string[] parts = entry.Split(',');
        name = parts[0];
        id = 0;
        connected = parts.Length > 2 && parts[2].Trim() != "0";
        return parts.Length >= 2 && name.Length > 0 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
