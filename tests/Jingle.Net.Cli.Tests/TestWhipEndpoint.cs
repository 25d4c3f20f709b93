using System.Net;
using System.Text;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice;
using Jingle.Net.Jsep;
using Jingle.Net.Testing;

namespace Jingle.Net.Cli.Tests;

/// <summary>
/// A small WHIP endpoint (RFC 9725) for the tests: POST application/sdp with the right bearer token → our own
/// PeerConnection answers (gathering complete), 201 Created with a relative Location /whip/session/ID and the answer
/// as application/sdp; DELETE of that Location → 200 and recorded. The answering side counts the bytes it receives.
/// Anything else → 4xx.
/// </summary>
internal sealed class TestWhipEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly PeerConnectionFactory _factory = new();
    private readonly string _token;
    private readonly Task _loop;
    private readonly string _session = Guid.NewGuid().ToString("N");
    private PeerConnection? _pc;
    private long _received;

    public TestWhipEndpoint(string token)
    {
        _token = token;
        Port = FreePort.Get();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/whip/endpoint");

    public string SessionPath => "/whip/session/" + _session;

    public long BytesReceived => Interlocked.Read(ref _received);

    public string? OfferContentType { get; private set; }

    public string? OfferAuthorization { get; private set; }

    /// <summary>Completes with the Authorization header of the DELETE of the session URL.</summary>
    public TaskCompletionSource<string?> Deleted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int RefusedPosts { get; private set; }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await HandleAsync(context);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        string path = request.Url!.AbsolutePath;
        string? authorization = request.Headers["Authorization"];
        if (request.HttpMethod == "POST" && path == Endpoint.AbsolutePath)
        {
            OfferContentType = request.ContentType;
            OfferAuthorization = authorization;
            if (authorization != "Bearer " + _token)
            {
                RefusedPosts++;
                context.Response.StatusCode = 401;
                return;
            }

            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            string offer = await reader.ReadToEndAsync();
            _pc = _factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
            _pc.DataChannel += (_, channel) => channel.MessageReceived += (_, m) => Interlocked.Add(ref _received, m.Data.Length);
            var gathered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _pc.IceGatheringStateChanged += (_, s) =>
            {
                if (s == IceGatheringState.Complete)
                {
                    gathered.TrySetResult();
                }
            };
            await _pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, offer));
            await _pc.SetLocalDescriptionAsync(await _pc.CreateAnswerAsync());
            if (_pc.IceGatheringState != IceGatheringState.Complete)
            {
                await gathered.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }

            byte[] body = Encoding.UTF8.GetBytes(_pc.LocalDescription!.Sdp);
            context.Response.StatusCode = 201;
            context.Response.ContentType = "application/sdp";
            context.Response.Headers["Location"] = SessionPath;
            await context.Response.OutputStream.WriteAsync(body);
        }
        else if (request.HttpMethod == "DELETE" && path == SessionPath)
        {
            context.Response.StatusCode = 200;
            Deleted.TrySetResult(authorization);
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        await _factory.DisposeAsync();
    }
}
