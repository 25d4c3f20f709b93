using System.Text;

namespace Jingle.Net.Cli.Commands;

/// <summary>The four routes of the peerconnection_server protocol and the member bookkeeping behind them.</summary>
internal sealed partial class PcServer
{
    private async Task RouteAsync(Stream stream, PcServerRequest request)
    {
        if (request.Method == "OPTIONS")
        {
            await SendAsync(stream, "200 OK", string.Empty, null, []);   // CORS preflight: the headers are in every response
            return;
        }

        string expected = request.Path == "/message" ? "POST" : "GET";
        if (request.Path is not ("/sign_in" or "/wait" or "/message" or "/sign_out"))
        {
            throw new PcServerHttpException(404, $"no such path {request.Path}");
        }

        if (request.Method != expected)
        {
            throw new PcServerHttpException(405, $"{request.Path} takes {expected}");
        }

        switch (request.Path)
        {
            case "/sign_in":
                await SignInAsync(stream, request);
                break;
            case "/wait":
                await WaitAsync(stream, PeerId(request));
                break;
            case "/message":
                await MessageAsync(stream, request, PeerId(request));
                break;
            default:
                SignOut(PeerId(request));
                await SendAsync(stream, "200 OK", "text/plain", null, []);
                break;
        }
    }

    private static int PeerId(PcServerRequest request) =>
        request.QueryId("peer_id") ?? throw new PcServerHttpException(400, "missing or malformed peer_id");

    private async Task SignInAsync(Stream stream, PcServerRequest request)
    {
        string name = Uri.UnescapeDataString(request.Query);
        PcServerMember member;
        var body = new StringBuilder();
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            int id = ++_nextId;
            member = new PcServerMember(id, PcServerMember.CleanName(name, id), now);
            foreach (PcServerMember other in _members.Values)
            {
                other.Deliver(new PcServerMessage(other.Id, "text/plain", Encoding.UTF8.GetBytes(member.Entry)), now);
            }

            _members.Add(id, member);
            body.Append(member.Entry);   // the new peer itself is always the first line
            foreach (PcServerMember other in _members.Values.Where(m => m.Id != id))
            {
                body.Append(other.Entry);
            }

            _log.WriteLine($"New member added (total={_members.Count}): {member.Name} ({member.Id})");
        }

        await SendAsync(stream, "200 Added", "text/plain", member.Id, Encoding.UTF8.GetBytes(body.ToString()));
    }

    private async Task WaitAsync(Stream stream, int peerId)
    {
        PcServerMessage? ready = null;
        TaskCompletionSource<PcServerMessage>? waiting = null;
        PcServerMember member;
        lock (_lock)
        {
            member = _members.GetValueOrDefault(peerId) ?? throw new PcServerHttpException(404, "no such peer (signed out or timed out)") { PeerGone = true };
            if (member.Queue.First is { } first)
            {
                ready = first.Value;
                member.Queue.RemoveFirst();
                member.LastSeen = _time.GetTimestamp();
            }
            else
            {
                member.Waiting?.TrySetCanceled();   // a newer /wait replaces an older one
                waiting = new TaskCompletionSource<PcServerMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
                member.Waiting = waiting;
            }
        }

        if (waiting is not null)
        {
            ready = await HoldAsync(stream, member, waiting);
            if (ready is null)
            {
                return;
            }
        }

        try
        {
            await SendAsync(stream, "200 OK", ready!.ContentType, ready.Pragma, ready.Body);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            lock (_lock)
            {
                if (member.Connected)
                {
                    member.Queue.AddFirst(ready!);   // the wait's connection died under us: keep the message for the next /wait
                }
            }
        }
    }

    /// <summary>Holds a /wait until a message, the client closing the connection, the wait timeout or the server stopping.</summary>
    private async Task<PcServerMessage?> HoldAsync(Stream stream, PcServerMember member, TaskCompletionSource<PcServerMessage> waiting)
    {
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        Task<int> closed = stream.ReadAsync(new byte[1], gone.Token).AsTask();   // a client sends nothing more: a read that ends = closed
        var tasks = new List<Task> { waiting.Task, closed };
        if (WaitTimeout > TimeSpan.Zero)
        {
            tasks.Add(Task.Delay(WaitTimeout, _time, gone.Token));
        }

        Task winner = await Task.WhenAny(tasks);
        await gone.CancelAsync();
        await closed.ContinueWith(_ => { }, TaskScheduler.Default);
        lock (_lock)
        {
            if (member.Waiting == waiting)
            {
                member.Waiting = null;
                member.LastSeen = _time.GetTimestamp();
            }

            if (winner != waiting.Task && waiting.Task.IsCompletedSuccessfully)
            {
                // A message was handed over just as the connection closed or the timeout fired: keep it.
                member.Queue.AddFirst(waiting.Task.Result);
                waiting = new TaskCompletionSource<PcServerMessage>();
            }
        }

        if (winner == waiting.Task)
        {
            return waiting.Task.IsCompletedSuccessfully ? waiting.Task.Result : null;
        }

        if (winner == closed || _stop.IsCancellationRequested)
        {
            return null;
        }

        return new PcServerMessage(member.Id, "text/plain", []);   // wait timeout: an empty keep-alive from the server
    }

    private async Task MessageAsync(Stream stream, PcServerRequest request, int peerId)
    {
        if (request.Body.Length == 0)
        {
            throw new PcServerHttpException(400, "empty message");
        }

        int to = request.QueryId("to") ?? throw new PcServerHttpException(400, "missing or malformed to");
        lock (_lock)
        {
            PcServerMember from = _members.GetValueOrDefault(peerId) ?? throw new PcServerHttpException(404, "no such peer (signed out or timed out)") { PeerGone = true };
            PcServerMember target = _members.GetValueOrDefault(to) ?? throw new PcServerHttpException(404, "Peer most likely gone.") { PeerGone = true };
            if (target != from)
            {
                string type = request.ContentType.Length > 0 ? request.ContentType : "text/plain";
                target.Deliver(new PcServerMessage(from.Id, type, request.Body), _time.GetTimestamp());
            }
        }

        if (to == peerId)
        {
            await SendAsync(stream, "200 OK", request.ContentType, peerId, request.Body);   // to oneself: echoed, as the original
        }
        else
        {
            await SendAsync(stream, "200 OK", "text/plain", null, []);
        }
    }

    private void SignOut(int peerId)
    {
        lock (_lock)
        {
            PcServerMember member = _members.GetValueOrDefault(peerId) ?? throw new PcServerHttpException(404, "no such peer (signed out or timed out)") { PeerGone = true };
            _log.WriteLine($"Member signed out: {member.Name} ({member.Id})");
            RemoveLocked(member, _time.GetTimestamp());
        }
    }

    /// <summary>Removes a member, ends its pending /wait and tells every other member "name,id,0".</summary>
    private void RemoveLocked(PcServerMember member, long now)
    {
        member.Connected = false;
        _members.Remove(member.Id);
        member.Waiting?.TrySetCanceled();
        member.Waiting = null;
        foreach (PcServerMember other in _members.Values)
        {
            other.Deliver(new PcServerMessage(other.Id, "text/plain", Encoding.UTF8.GetBytes(member.Entry)), now);
        }
    }
}
