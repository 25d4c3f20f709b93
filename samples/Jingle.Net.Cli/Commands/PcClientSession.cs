using System.Text.Json;
using System.Text.Json.Nodes;
using Jingle.Net.Jsep;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// One call of <c>jingle pcclient</c>: the /wait loop, the offer/answer and trickle between our PeerConnection and
/// one peer, as libwebrtc's Conductor does it. The description is sent before any candidate: candidates gathered
/// while it is being set are held and sent after it, in order. Messages from a second peer during a call are ignored
/// (the sample logs and drops them too).
/// </summary>
internal sealed class PcClientSession
{
    private readonly PeerConnection _pc;
    private readonly PcSignalingClient _signaling;
    private readonly DataChannelTransfer _transfer;
    private readonly CancellationToken _token;
    private readonly Lock _lock = new();
    private readonly List<RtcIceCandidateInit> _held = [];
    private readonly List<(string Name, TaskCompletionSource<int> Found)> _lookingFor = [];
    private bool _descriptionSent;

    public PcClientSession(PeerConnection pc, PcSignalingClient signaling, DataChannelTransfer transfer, CancellationToken token)
    {
        _pc = pc;
        _signaling = signaling;
        _transfer = transfer;
        _token = token;
        pc.IceCandidate += (_, e) => OnLocalCandidate(e.Candidate);
    }

    /// <summary>The peer of the call, once there is one.</summary>
    public int? PeerId { get; private set; }

    /// <summary>The id of the peer named <paramref name="name"/> once it is signed in.</summary>
    public Task<int> WhenPeerSignedInAsync(string name)
    {
        var found = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _lookingFor.Add((name, found));
            Match();
        }

        return found.Task;
    }

    /// <summary>We call: data channel, offer, then trickle.</summary>
    public async Task CallAsync(int peer)
    {
        PeerId = peer;
        _transfer.RestartClock();
        _transfer.Attach(_pc.CreateDataChannel("data"));
        RtcSessionDescription offer = await _pc.CreateOfferAsync();
        await _pc.SetLocalDescriptionAsync(offer);
        await SendDescriptionAsync(offer);
    }

    /// <summary>Long-polls /wait until cancelled, applying peer-list changes and the call's messages.</summary>
    public async Task RunWaitLoopAsync()
    {
        while (!_token.IsCancellationRequested)
        {
            int from;
            string message;
            (int Id, bool Connected)? changed;
            try
            {
                (from, message, changed) = await _signaling.WaitAsync(_token);
            }
            catch (HttpRequestException e)
            {
                Console.Error.WriteLine($"wait failed, no more signaling: {e.Message}");
                return;
            }

            if (changed is { } change)
            {
                Console.Error.WriteLine($"peer {(change.Connected ? "signed in" : "signed out")}: {change.Id}");
                if (!change.Connected && change.Id == PeerId)
                {
                    _transfer.PeerGone();
                }

                lock (_lock)
                {
                    Match();
                }

                continue;
            }

            if (message.Length == 0 || (PeerId is int peer && peer != from))
            {
                continue;
            }

            await OnPeerMessageAsync(from, message);
        }
    }

    private async Task OnPeerMessageAsync(int from, string message)
    {
        if (message == PcSignalingClient.Bye)
        {
            Console.Error.WriteLine($"peer {from} hung up");
            _ = Task.Delay(500, _token).ContinueWith(_ => _transfer.PeerGone(), TaskScheduler.Default);   // let its channel close come first
            return;
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(message);
        }
        catch (JsonException)
        {
            Console.Error.WriteLine($"ignored a message that is not JSON from {from}");
            return;
        }

        try
        {
            if (json is JsonObject o && o.ContainsKey("type"))
            {
                RtcSessionDescription description = RtcSessionDescription.FromJson(message);
                PeerId ??= from;
                if (description.Type == SdpType.Offer)
                {
                    _transfer.RestartClock();
                }

                await _pc.SetRemoteDescriptionAsync(description);
                if (description.Type == SdpType.Offer)
                {
                    RtcSessionDescription answer = await _pc.CreateAnswerAsync();
                    await _pc.SetLocalDescriptionAsync(answer);
                    await SendDescriptionAsync(answer);
                }
            }
            else if (json is JsonObject c && c.ContainsKey("candidate") && PeerId == from)
            {
                await _pc.AddIceCandidateAsync(RtcIceCandidateInit.FromJson(message));
            }
            else
            {
                Console.Error.WriteLine($"ignored a message from {from}: neither a description nor a candidate");
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            Console.Error.WriteLine($"ignored a message from {from}: {e.Message}");
        }
    }

    private async Task SendDescriptionAsync(RtcSessionDescription description)
    {
        await _signaling.SendAsync(PeerId!.Value, description.ToJson(), _token);
        List<RtcIceCandidateInit> held;
        lock (_lock)
        {
            _descriptionSent = true;
            held = [.. _held];
            _held.Clear();
        }

        foreach (RtcIceCandidateInit candidate in held)
        {
            await _signaling.SendAsync(PeerId!.Value, PcClientCommand.CandidateJson(candidate), _token);
        }
    }

    private void OnLocalCandidate(RtcIceCandidateInit candidate)
    {
        if (candidate.IsEndOfCandidates)
        {
            return;   // the sample sends no end-of-candidates message
        }

        lock (_lock)
        {
            if (!_descriptionSent)
            {
                _held.Add(candidate);
                return;
            }
        }

        _ = SendCandidateAsync(candidate);
    }

    private async Task SendCandidateAsync(RtcIceCandidateInit candidate)
    {
        try
        {
            await _signaling.SendAsync(PeerId!.Value, PcClientCommand.CandidateJson(candidate), _token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            Console.Error.WriteLine($"could not send a candidate: {e.Message}");
        }
    }

    private void Match()
    {
        foreach ((string name, TaskCompletionSource<int> found) in _lookingFor)
        {
            foreach ((int id, string peerName) in _signaling.Peers)
            {
                if (peerName == name)
                {
                    found.TrySetResult(id);
                }
            }
        }
    }
}
