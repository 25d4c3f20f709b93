using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// libwebrtc's examples/peerconnection/server protocol over our own small HTTP/1.x server (TcpListener, one request
/// per connection, <c>Connection: close</c> on every response, as the original):
/// <list type="bullet">
/// <item><c>GET /sign_in?NAME</c> → <c>200 Added</c>, <c>Pragma: ID</c> (the new peer's id), body
/// <c>name,id,1\n</c> for the new peer first, then every other peer; the others get <c>name,id,1</c> on their
/// /wait with Pragma = their own id.</item>
/// <item><c>GET /wait?peer_id=ID</c> → held until something arrives for ID: a message (Pragma = sender id) or a
/// peer-list change (Pragma = ID). Responses that arrive with no /wait pending are queued in order.</item>
/// <item><c>POST /message?peer_id=ID&amp;to=OTHER</c> → the body is queued for OTHER with Pragma = ID; the poster
/// gets an empty 200 (to = ID itself echoes the body back, as the original).</item>
/// <item><c>GET /sign_out?peer_id=ID</c> → 200; the others get <c>name,id,0</c>.</item>
/// </list>
/// A peer with no /wait pending for <see cref="PeerTimeout"/> (30 s, the original's) is signed out. With a
/// <see cref="WaitTimeout"/> above zero a held /wait is answered after that long with an empty 200 and Pragma = ID
/// (a keep-alive for proxies; clients re-issue /wait). Divergences from the original, for a clearer client
/// error: malformed requests get 400 (411, 413, 431 for their cases), unknown paths and unknown peer ids 404, a
/// wrong method 405 (the original answers 500 for all of these). OPTIONS gets 200 with the same CORS headers.
/// </summary>
internal sealed partial class PcServer : IAsyncDisposable
{
    private const string CorsHeaders =
        "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Credentials: true\r\nAccess-Control-Allow-Methods: POST, GET, OPTIONS\r\n" +
        "Access-Control-Allow-Headers: Content-Type, Content-Length, Connection, Cache-Control\r\nAccess-Control-Expose-Headers: Content-Length\r\n";

    private readonly TcpListener _listener;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<int, PcServerMember> _members = [];
    private int _nextId;
    private int _connections;
    private Task? _accept;
    private Task? _sweep;

    public PcServer(IPEndPoint endPoint, TextWriter log, TimeProvider? time = null)
    {
        _listener = new TcpListener(endPoint);
        _log = TextWriter.Synchronized(log);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A peer without a pending /wait for this long is signed out (libwebrtc: 30 s).</summary>
    public TimeSpan PeerTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Zero (the default, as libwebrtc) holds a /wait until something arrives; otherwise the longest hold.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>At most this many connections at once; more are closed at once.</summary>
    public int MaxConnections { get; init; } = 1000;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Requests answered with a 4xx status because they were malformed or used an unknown path or method.</summary>
    public long BadRequests => Interlocked.Read(ref _badRequests);

    /// <summary>
    /// Requests answered 404 because the peer id they named is not signed in (any more): a message or hanging get that
    /// crossed a sign-out. Counted apart from <see cref="BadRequests"/>; libwebrtc's server answers these with 500.
    /// </summary>
    public long GonePeerRequests => Interlocked.Read(ref _gonePeerRequests);

    private long _badRequests;
    private long _gonePeerRequests;

    /// <summary>The ids and names signed in now.</summary>
    public IReadOnlyList<(int Id, string Name)> Peers
    {
        get
        {
            lock (_lock)
            {
                return _members.Values.Select(m => (m.Id, m.Name)).ToList();
            }
        }
    }

    public void Start()
    {
        _listener.Start(128);
        _accept = AcceptLoopAsync();
        _sweep = SweepLoopAsync();
        _log.WriteLine($"Server listening on http://{LocalEndPoint}/");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_lock)
        {
            foreach (PcServerMember m in _members.Values)
            {
                m.Waiting?.TrySetCanceled();
            }

            _members.Clear();
        }

        foreach (Task? task in new[] { _accept, _sweep })
        {
            if (task is not null)
            {
                await task.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (Interlocked.Increment(ref _connections) > MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                client.Dispose();
                continue;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await HandleConnectionAsync(client);
                }
                finally
                {
                    Interlocked.Decrement(ref _connections);
                    client.Dispose();
                }
            });
        }
    }

    private async Task HandleConnectionAsync(TcpClient client)
    {
        client.NoDelay = true;
        NetworkStream stream = client.GetStream();
        PcServerRequest? request;
        using (var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            readTimeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                request = await PcServerRequest.ReadAsync(stream, readTimeout.Token);
            }
            catch (PcServerHttpException e)
            {
                await RefuseAsync(stream, e.Status, e.Message, e.PeerGone);
                await DrainAsync(client);
                return;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                return;
            }
        }

        if (request is null)
        {
            return;
        }

        try
        {
            await RouteAsync(stream, request);
        }
        catch (PcServerHttpException e)
        {
            await RefuseAsync(stream, e.Status, e.Message, e.PeerGone);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>After refusing a request we did not read to its end: stop sending and read what is left (briefly), so
    /// that closing does not reset the connection before the client has read the refusal.</summary>
    private static async Task DrainAsync(TcpClient client)
    {
        try
        {
            client.Client.Shutdown(SocketShutdown.Send);
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            byte[] sink = new byte[4096];
            long total = 0;
            int read;
            while (total < 1024 * 1024 && (read = await client.GetStream().ReadAsync(sink, drain.Token)) > 0)
            {
                total += read;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private Task RefuseAsync(Stream stream, int status, string reason, bool peerGone = false)
    {
        Interlocked.Increment(ref peerGone ? ref _gonePeerRequests : ref _badRequests);
        _log.WriteLine($"Refused ({status}): {reason}");
        return SendAsync(stream, StatusLine(status), "text/plain", null, Encoding.UTF8.GetBytes(reason));
    }

    private static string StatusLine(int status) => status switch
    {
        200 => "200 OK",
        400 => "400 Bad Request",
        404 => "404 Not Found",
        405 => "405 Method Not Allowed",
        411 => "411 Length Required",
        413 => "413 Content Too Large",
        431 => "431 Request Header Fields Too Large",
        _ => string.Create(CultureInfo.InvariantCulture, $"{status} Error"),
    };

    /// <summary>Writes one response with the original's headers (Server, no-cache, Connection: close, CORS).</summary>
    internal static async Task SendAsync(Stream stream, string status, string contentType, int? pragma, byte[] body)
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append("\r\n")
            .Append("Server: JingleNetPeerConnectionServer/0.1\r\nCache-Control: no-cache\r\nConnection: close\r\n");
        if (contentType.Length > 0)
        {
            head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        if (pragma is int id)
        {
            head.Append("Pragma: ").Append(id.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        head.Append(CorsHeaders).Append("\r\n");
        byte[] headBytes = Encoding.ASCII.GetBytes(head.ToString());
        byte[] all = new byte[headBytes.Length + body.Length];
        headBytes.CopyTo(all, 0);
        body.CopyTo(all, headBytes.Length);
        await stream.WriteAsync(all);
        await stream.FlushAsync();
    }

    private async Task SweepLoopAsync()
    {
        TimeSpan period = PeerTimeout / 4 < TimeSpan.FromSeconds(1) ? PeerTimeout / 4 : TimeSpan.FromSeconds(1);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_lock)
            {
                long now = _time.GetTimestamp();
                foreach (PcServerMember m in _members.Values.Where(m => m.Waiting is null && _time.GetElapsedTime(m.LastSeen, now) > PeerTimeout).ToList())
                {
                    _log.WriteLine($"Timeout: {m.Name} ({m.Id})");
                    RemoveLocked(m, now);
                }
            }
        }
    }
}
