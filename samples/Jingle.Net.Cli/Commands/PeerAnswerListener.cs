using System.Net;
using System.Text;
using Jingle.Net.Jsep;
using Jingle.Net.Sdp;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle peer --answer-on PORT</c>: answers one offer POSTed to http://127.0.0.1:PORT/ (any path), in either form:
/// <list type="bullet">
/// <item>aiortc's JSON (<c>application/json</c>, or <c>text/plain</c>/no type as fetch sends it):
/// <c>{"type":"offer","sdp":...}</c> → 200 with the JSON answer;</item>
/// <item>WHIP's (RFC 9725) <c>application/sdp</c> → 201 Created, <c>Location: /session/ID</c> and the answer as
/// <c>application/sdp</c>. That session URL then takes trickle PATCHes (<c>application/trickle-ice-sdpfrag</c>,
/// 204; an ICE restart, If-Match *, gets 422: restarts are not taken here) and a DELETE (200; the peer has gone).</item>
/// </list>
/// The answer carries every candidate (gathering completes first). A request that is not an offer gets a clear 4xx
/// with a one-line text/plain reason and the listener keeps waiting: 405 (not POST), 415 (another content type),
/// 400 (malformed JSON or SDP, not an offer, or an offer the PeerConnection refused). Once answered, another POST
/// gets 409.
/// </summary>
internal sealed class PeerAnswerListener : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly PeerConnectionFactory _factory;
    private readonly PeerConnection _pc;
    private readonly DataChannelTransfer _transfer;
    private readonly TimeSpan _timeout;
    private readonly string _sessionPath = "/session/" + Guid.NewGuid().ToString("N");
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;

    public PeerAnswerListener(PeerConnectionFactory factory, PeerConnection pc, DataChannelTransfer transfer, int port, TimeSpan timeout)
    {
        _factory = factory;
        _pc = pc;
        _transfer = transfer;
        _timeout = timeout;
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    /// <summary>Starts listening; completes once one offer has been answered.</summary>
    public Task AnswerOneOfferAsync(CancellationToken token)
    {
        _listener.Start();
        Console.Error.WriteLine($"answering offers POSTed to http://127.0.0.1:{Port}/ (JSON or application/sdp)");
        _loop = Task.Run(() => LoopAsync(token), CancellationToken.None);
        return _answered.Task.WaitAsync(token);
    }

    private async Task LoopAsync(CancellationToken token)
    {
        while (_listener.IsListening && !token.IsCancellationRequested)
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
                await HandleAsync(context, token);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // the client went away mid-response: keep serving
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _answered.TrySetException(e);
                context.Response.Abort();
                return;
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context, CancellationToken token)
    {
        HttpListenerRequest request = context.Request;
        using HttpListenerResponse response = context.Response;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        string body = await reader.ReadToEndAsync(token);
        string type = (request.ContentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        if (request.Url!.AbsolutePath == _sessionPath && _answered.Task.IsCompleted)
        {
            await HandleSessionAsync(request.HttpMethod, type, request.Headers["If-Match"], body, response);
            return;
        }

        if (request.HttpMethod != "POST")
        {
            response.Headers["Allow"] = "POST";
            await RefuseAsync(response, 405, $"{request.HttpMethod} is not taken here: POST an offer");
            return;
        }

        if (_answered.Task.IsCompleted)
        {
            await RefuseAsync(response, 409, "an offer has already been answered");
            return;
        }

        bool whip = type == "application/sdp";
        if (!whip && type is not ("application/json" or "text/plain" or ""))
        {
            await RefuseAsync(response, 415, $"content type '{type}' is not an offer: send application/json {{\"type\":\"offer\",\"sdp\":...}} or application/sdp");
            return;
        }

        (RtcSessionDescription? offer, string? error) = ReadOffer(body, whip);
        if (offer is null)
        {
            await RefuseAsync(response, 400, error!);
            return;
        }

        _transfer.RestartClock();
        try
        {
            await _pc.SetRemoteDescriptionAsync(offer);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            await RefuseAsync(response, 400, "offer refused: " + e.Message);
            return;
        }

        await _pc.SetLocalDescriptionAsync(await _pc.CreateAnswerAsync());
        await PeerCommand.WhenGatheredAsync(_pc, _timeout);
        if (whip)
        {
            response.StatusCode = 201;
            response.ContentType = "application/sdp";
            response.Headers["Location"] = _sessionPath;
            await WriteAsync(response, _pc.LocalDescription!.Sdp);
        }
        else
        {
            response.ContentType = "application/json";
            await WriteAsync(response, _pc.LocalDescription!.ToJson());
        }

        _answered.TrySetResult();
    }

    /// <summary>The offer in <paramref name="body"/>, or why it is none.</summary>
    private static (RtcSessionDescription? Offer, string? Error) ReadOffer(string body, bool sdp)
    {
        if (sdp)
        {
            if (!SessionDescription.TryParse(body, out SessionDescription? parsed, out SdpParseException? error))
            {
                return (null, "malformed SDP: " + error!.Message);
            }

            return parsed!.Media.Count == 0 ? (null, "the SDP offer has no m= section") : (new RtcSessionDescription(SdpType.Offer, body), null);
        }

        if (!RtcSessionDescription.TryFromJson(body, out RtcSessionDescription? offer))
        {
            return (null, "malformed JSON: expected {\"type\":\"offer\",\"sdp\":\"v=0...\"}");
        }

        return offer!.Type != SdpType.Offer
            ? (null, $"expected a description of type offer, got {offer.Type.ToWireString()}")
            : (offer, null);
    }

    /// <summary>The WHIP session URL after a WHIP-style answer: trickle PATCH and DELETE.</summary>
    private async Task HandleSessionAsync(string method, string type, string? ifMatch, string body, HttpListenerResponse response)
    {
        if (method == "DELETE")
        {
            response.StatusCode = 200;
            response.Close();
            // What arrived before the DELETE is delivered first: received on the worker, raised on the signaling thread.
            await _factory.WorkerThread.InvokeAsync(() => { });
            await _factory.SignalingThread.InvokeAsync(() => { });
            _transfer.PeerGone();
            return;
        }

        if (method != "PATCH")
        {
            response.Headers["Allow"] = "PATCH, DELETE";
            await RefuseAsync(response, 405, $"{method} is not taken on the session URL");
            return;
        }

        if (type != IceSdpFragment.MediaType)
        {
            await RefuseAsync(response, 415, $"a PATCH takes {IceSdpFragment.MediaType}");
            return;
        }

        if (ifMatch?.Trim() == "*")
        {
            await RefuseAsync(response, 422, "ICE restarts are not taken here (trickle is)");
            return;
        }

        IceSdpFragment fragment;
        try
        {
            fragment = IceSdpFragment.Parse(body);
        }
        catch (FormatException e)
        {
            await RefuseAsync(response, 400, "malformed trickle-ice-sdpfrag: " + e.Message);
            return;
        }

        try
        {
            foreach (string candidate in fragment.Candidates)
            {
                await _pc.AddIceCandidateAsync(new RtcIceCandidateInit(candidate, fragment.Mid, 0, fragment.Ufrag));
            }

            if (fragment.EndOfCandidates)
            {
                await _pc.AddIceCandidateAsync(new RtcIceCandidateInit(string.Empty, fragment.Mid, 0, fragment.Ufrag));
            }
        }
        catch (InvalidOperationException e)
        {
            await RefuseAsync(response, 400, "candidate refused: " + e.Message);
            return;
        }

        response.StatusCode = 204;
    }

    private static Task RefuseAsync(HttpListenerResponse response, int status, string reason)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return WriteAsync(response, reason + "\n");
    }

    private static async Task WriteAsync(HttpListenerResponse response, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
