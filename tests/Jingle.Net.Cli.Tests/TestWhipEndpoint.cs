using System.Net;
using System.Text;
using Jingle.Net.Base.Networking;
using Jingle.Net.Cli.Commands;
using Jingle.Net.Ice;
using Jingle.Net.Jsep;
using Jingle.Net.Testing;

namespace Jingle.Net.Cli.Tests;

/// <summary>What <see cref="TestWhipEndpoint"/> does beyond the plain POST/DELETE.</summary>
internal sealed record TestWhipOptions
{
    /// <summary>Status of a trickle PATCH (204: applied; 405, 422, 501: refused).</summary>
    public int TrickleStatus { get; init; } = 204;

    /// <summary>Link field values of the OPTIONS response.</summary>
    public IReadOnlyList<string> OptionsLinks { get; init; } = [];

    /// <summary>Link field values of the 201.</summary>
    public IReadOnlyList<string> CreatedLinks { get; init; } = [];

    /// <summary>Status of an ICE-restart PATCH other than 200 (422: trickle only), or null to restart.</summary>
    public int? RestartStatus { get; init; }

    /// <summary>A 201 without Location (no session URL: nothing to PATCH or DELETE).</summary>
    public bool OmitLocation { get; init; }

    /// <summary>Replaces the 201's SDP answer (a malformed answer).</summary>
    public string? AnswerOverride { get; init; }
}

/// <summary>A PATCH as the endpoint received it, and the status it got.</summary>
internal sealed record RecordedPatch(string? IfMatch, string? ContentType, string Body, int Status);

/// <summary>
/// A small WHIP endpoint (RFC 9725) for the tests: POST application/sdp with the right bearer token → our own
/// PeerConnection answers (gathering complete), 201 Created with a relative Location /whip/session/ID, ETag
/// "gen-1", the answer as application/sdp and <see cref="TestWhipOptions.CreatedLinks"/>; OPTIONS → 204 with
/// <see cref="TestWhipOptions.OptionsLinks"/>. On the session URL: PATCH application/trickle-ice-sdpfrag with If-Match
/// of the current ETag → candidates added, 204 (412 for another ETag); with If-Match * → ICE restart: the fragment's
/// credentials and candidates applied as a new remote offer, 200 with our new fragment and ETag "gen-2"; DELETE →
/// 200 and recorded. The answering side counts the bytes it receives. Anything else → 4xx.
/// </summary>
internal sealed class TestWhipEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly PeerConnectionFactory _factory = new();
    private readonly string _token;
    private readonly TestWhipOptions _options;
    private readonly Task _loop;
    private readonly string _session = Guid.NewGuid().ToString("N");
    private readonly List<RecordedPatch> _patches = [];
    private readonly HashSet<string> _gathered = [];
    private PeerConnection? _pc;
    private long _received;
    private int _generation = 1;

    public TestWhipEndpoint(string token, TestWhipOptions? options = null)
    {
        _token = token;
        _options = options ?? new TestWhipOptions();
        Port = FreePort.Get();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/whip/endpoint");

    public string SessionPath => "/whip/session/" + _session;

    public long BytesReceived => Interlocked.Read(ref _received);

    /// <summary>
    /// The bytes received once everything our SCTP has taken in so far has been delivered: received on the worker
    /// thread, raised on the signaling thread (a busy machine may lag behind the sender's acknowledgement).
    /// </summary>
    public async Task<long> ReceivedAsync()
    {
        await _factory.WorkerThread.InvokeAsync(() => { });
        await _factory.SignalingThread.InvokeAsync(() => { });
        return BytesReceived;
    }

    public string? OfferContentType { get; private set; }

    public string? OfferAuthorization { get; private set; }

    /// <summary>The SDP offer POSTed.</summary>
    public string? Offer { get; private set; }

    public int OptionsRequests { get; private set; }

    /// <summary>The ICE credentials of our answer to each accepted restart.</summary>
    public List<string> RestartAnswerUfrags { get; } = [];

    /// <summary>Completes when an ICE-restart PATCH arrives (before it is answered).</summary>
    public TaskCompletionSource RestartReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the Authorization header of the DELETE of the session URL.</summary>
    public TaskCompletionSource<string?> Deleted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int RefusedPosts { get; private set; }

    /// <summary>Exceptions the endpoint met handling a request (answered 500).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>The PATCHes in arrival order.</summary>
    public IReadOnlyList<RecordedPatch> Patches
    {
        get
        {
            lock (_patches)
            {
                return [.. _patches];
            }
        }
    }

    private string CurrentETag => $"\"gen-{_generation}\"";

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
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                lock (Errors)
                {
                    Errors.Add($"{context.Request.HttpMethod} {context.Request.Url?.AbsolutePath}: {e.Message}");
                }

                context.Response.StatusCode = 500;
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
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        string body = await reader.ReadToEndAsync();
        if (request.HttpMethod == "OPTIONS" && path == Endpoint.AbsolutePath)
        {
            OptionsRequests++;
            context.Response.StatusCode = 204;
            AddLinks(context.Response, _options.OptionsLinks);
        }
        else if (request.HttpMethod == "POST" && path == Endpoint.AbsolutePath)
        {
            OfferContentType = request.ContentType;
            OfferAuthorization = authorization;
            if (authorization != "Bearer " + _token)
            {
                RefusedPosts++;
                context.Response.StatusCode = 401;
                return;
            }

            Offer = body;
            _pc = _factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
            _pc.DataChannel += (_, channel) => channel.MessageReceived += (_, m) => Interlocked.Add(ref _received, m.Data.Length);
            _pc.IceCandidate += (_, e) =>
            {
                if (e.IsEndOfCandidates)
                {
                    lock (_gathered)
                    {
                        _gathered.Add(e.Candidate.UsernameFragment!);
                        Monitor.PulseAll(_gathered);
                    }
                }
            };
            await _pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, body));
            await AnswerAndGatherAsync();
            context.Response.StatusCode = 201;
            context.Response.ContentType = "application/sdp";
            if (!_options.OmitLocation)
            {
                context.Response.Headers["Location"] = SessionPath;
            }

            context.Response.Headers["ETag"] = CurrentETag;
            AddLinks(context.Response, _options.CreatedLinks);
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(_options.AnswerOverride ?? _pc.LocalDescription!.Sdp));
        }
        else if (request.HttpMethod == "PATCH" && path == SessionPath)
        {
            int status = await PatchAsync(request.Headers["If-Match"], request.ContentType, body, context.Response);
            context.Response.StatusCode = status;
            lock (_patches)
            {
                _patches.Add(new RecordedPatch(request.Headers["If-Match"], request.ContentType, body, status));
            }
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

    private async Task<int> PatchAsync(string? ifMatch, string? contentType, string body, HttpListenerResponse response)
    {
        if (contentType != IceSdpFragment.MediaType)
        {
            return 415;
        }

        if (ifMatch == "*")
        {
            RestartReceived.TrySetResult();
            if (_options.RestartStatus is int refused)
            {
                return refused;
            }

            IceSdpFragment offer = IceSdpFragment.Parse(body);
            await _pc!.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, offer.ApplyTo(_pc.RemoteDescription!.Sdp)));
            await AnswerAndGatherAsync();
            IceSdpFragment answer = IceSdpFragment.Parse(_pc.LocalDescription!.Sdp);
            RestartAnswerUfrags.Add(answer.Ufrag);
            _generation++;
            response.Headers["ETag"] = CurrentETag;
            response.ContentType = IceSdpFragment.MediaType;
            await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(answer.ToText()));
            return 200;
        }

        if (_options.TrickleStatus != 204)
        {
            return _options.TrickleStatus;
        }

        if (ifMatch != CurrentETag)
        {
            return 412;
        }

        string? ufrag = null, mid = null;
        foreach (string line in body.Split("\r\n"))
        {
            if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                ufrag = line["a=ice-ufrag:".Length..];
            }
            else if (line.StartsWith("a=mid:", StringComparison.Ordinal))
            {
                mid = line["a=mid:".Length..];
            }
            else if (line.StartsWith("a=candidate:", StringComparison.Ordinal) || line == "a=end-of-candidates")
            {
                string candidate = line == "a=end-of-candidates" ? string.Empty : line[2..];
                await _pc!.AddIceCandidateAsync(new RtcIceCandidateInit(candidate, mid, 0, ufrag));
            }
        }

        return 204;
    }

    /// <summary>Our answer, once its generation has gathered every candidate.</summary>
    private async Task AnswerAndGatherAsync()
    {
        await _pc!.SetLocalDescriptionAsync(await _pc.CreateAnswerAsync());
        string ufrag = IceSdpFragment.Parse(_pc.LocalDescription!.Sdp).Ufrag;
        await Task.Run(() =>
        {
            lock (_gathered)
            {
                while (!_gathered.Contains(ufrag))
                {
                    Assert.True(Monitor.Wait(_gathered, TimeSpan.FromSeconds(20)), "the endpoint's gathering did not complete");
                }
            }
        });
    }

    private static void AddLinks(HttpListenerResponse response, IReadOnlyList<string> links)
    {
        foreach (string link in links)
        {
            response.AppendHeader("Link", link);
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
