using System.Globalization;
using System.Text;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// One HTTP/1.0 or HTTP/1.1 request as <c>jingle pcserver</c> reads it: the request line, Content-Length and
/// Content-Type, and the body. libwebrtc's peerconnection_client sends HTTP/1.0 without a Host header, so none is
/// required. Chunked bodies are refused (411), heads over 8 KiB and bodies over 1 MiB too (431, 413); anything that
/// is not a request line with a path gives 400. <see cref="ReadAsync"/> returns null on a connection closed before
/// a request.
/// </summary>
internal sealed record PcServerRequest(string Method, string Path, string Query, string ContentType, byte[] Body)
{
    public const int MaxHeadBytes = 8 * 1024;
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The value of <paramref name="name"/>= in the query (the first one), or null.</summary>
    public string? QueryValue(string name)
    {
        foreach (string part in Query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part.AsSpan(0, eq).SequenceEqual(name))
            {
                return Uri.UnescapeDataString(part[(eq + 1)..]);
            }
        }

        return null;
    }

    /// <summary>The query value <paramref name="name"/> as a positive peer id, or null when missing or not a number.</summary>
    public int? QueryId(string name) =>
        int.TryParse(QueryValue(name), NumberStyles.None, CultureInfo.InvariantCulture, out int id) && id > 0 ? id : null;

    /// <exception cref="PcServerHttpException">The request is malformed or too large (carries the status code).</exception>
    public static async Task<PcServerRequest?> ReadAsync(Stream stream, CancellationToken token)
    {
        byte[] buffer = new byte[MaxHeadBytes];
        int filled = 0;
        int headEnd;
        while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (filled == buffer.Length)
            {
                throw new PcServerHttpException(431, "request head too large");
            }

            int read = await stream.ReadAsync(buffer.AsMemory(filled), token);
            if (read == 0)
            {
                return filled == 0 ? null : throw new PcServerHttpException(400, "connection closed inside the request head");
            }

            filled += read;
        }

        string[] lines = Encoding.ASCII.GetString(buffer, 0, headEnd).Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0].Length == 0 || !requestLine[1].StartsWith('/')
            || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || requestLine[0].Any(c => c is < 'A' or > 'Z'))
        {
            throw new PcServerHttpException(400, "malformed request line");
        }

        long contentLength = 0;
        string contentType = string.Empty;
        foreach (string line in lines.AsSpan(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new PcServerHttpException(400, "malformed header line");
            }

            string name = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength))
                {
                    throw new PcServerHttpException(400, "malformed Content-Length");
                }
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                throw new PcServerHttpException(411, "send a Content-Length, not a transfer coding");
            }
        }

        if (contentLength > MaxBodyBytes)
        {
            throw new PcServerHttpException(413, "body too large");
        }

        byte[] body = new byte[contentLength];
        int already = Math.Min(filled - (headEnd + 4), body.Length);
        buffer.AsSpan(headEnd + 4, already).CopyTo(body);
        int have = already;
        while (have < body.Length)
        {
            int read = await stream.ReadAsync(body.AsMemory(have), token);
            if (read == 0)
            {
                throw new PcServerHttpException(400, "connection closed inside the body");
            }

            have += read;
        }

        string target = requestLine[1];
        int question = target.IndexOf('?', StringComparison.Ordinal);
        return new PcServerRequest(requestLine[0], question < 0 ? target : target[..question], question < 0 ? string.Empty : target[(question + 1)..],
            contentType, body);
    }
}
