using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Jingle.Net.Cli.Tests;

/// <summary>
/// Raw HTTP for the pcserver tests: writes the request bytes exactly as given (as libwebrtc's client does, HTTP/1.0
/// without Host) and reads the response until the server closes the connection.
/// </summary>
internal sealed record RawHttp(int Status, string StatusLine, Dictionary<string, string> Headers, string Body)
{
    public int? Pragma => Headers.TryGetValue("Pragma", out string? p) ? int.Parse(p, CultureInfo.InvariantCulture) : null;

    public static async Task<RawHttp> SendAsync(IPEndPoint server, string request, TimeSpan? timeout = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server);
        return await SendAsync(client, Encoding.UTF8.GetBytes(request), timeout ?? TimeSpan.FromSeconds(10));
    }

    public static async Task<RawHttp> SendAsync(TcpClient client, byte[] request, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(request, cts.Token);
        using var response = new MemoryStream();
        await stream.CopyToAsync(response, cts.Token);
        return Parse(Encoding.UTF8.GetString(response.ToArray()));
    }

    public static RawHttp Parse(string response)
    {
        int end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"no response head in '{response}'");
        string[] lines = response[..end].Split("\r\n");
        string statusLine = lines[0];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        string body = response[(end + 4)..];
        Assert.Equal(int.Parse(headers["Content-Length"], CultureInfo.InvariantCulture), Encoding.UTF8.GetByteCount(body));
        return new RawHttp(int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture), statusLine, headers, body);
    }

    public static string Get(string target) => $"GET {target} HTTP/1.0\r\n\r\n";

    public static string Post(string target, string body) =>
        $"POST {target} HTTP/1.0\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nContent-Type: text/plain\r\n\r\n{body}";
}
