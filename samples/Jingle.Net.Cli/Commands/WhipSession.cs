using Jingle.Net.Jsep;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// One PeerConnection published over WHIP (RFC 9725), with trickle and ICE restart through HTTP PATCH.
/// <list type="bullet">
/// <item>Without trickle (the default) the offer is POSTed once gathering is complete: every candidate and
/// end-of-candidates travel in it, and no PATCH is needed — one round trip, which every WHIP server takes.</item>
/// <item>With trickle (<c>--whip-trickle</c>) the offer is POSTed at once with the candidates gathered so far; the rest
/// follow after the 201 in PATCHes (§4.3.1) carrying <c>If-Match</c> with the ICE session's entity-tag, one at a
/// time so that they arrive in order, each batching what was gathered while the previous one was in flight, the
/// last closed by end-of-candidates. A 405, 422 or 501 (no trickle there) or any other failure stops trickling:
/// the candidates in the offer, and the peer-reflexive ones the server learns from our checks, remain.</item>
/// <item><see cref="RestartIceAsync"/> (§4.3.2): a local ICE-restart offer's credentials PATCHed with <c>If-Match: *</c>
/// (trickling: at once, the candidates follow; otherwise applied and gathered first, with every candidate), the
/// server's fragment from the 200 applied as the remote description (the previous answer with new ICE credentials
/// and candidates) and its new entity-tag used from then on. After a 405/501 to trickle no restart is tried.</item>
/// </list>
/// The candidates PATCHed are read from the local description (which holds every candidate of the current
/// generation), minus those already sent, so nothing is sent twice and nothing of an earlier generation is sent.
/// </summary>
internal sealed class WhipSession : IAsyncDisposable
{
    private readonly PeerConnection _pc;
    private readonly WhipClient _client;
    private readonly bool _trickle;
    private readonly TimeSpan _timeout;
    private readonly TextWriter _log;
    private readonly SemaphoreSlim _patchLock = new(1, 1);
    private readonly SemaphoreSlim _changed = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _gatheredUfrags = new(StringComparer.Ordinal);
    private readonly List<(string Ufrag, TaskCompletionSource Done)> _gatheringWaiters = [];
    private string? _sentUfrag;
    private bool _endSent;
    private bool _trickleStopped;
    private string? _patchRefused;
    private Task _pump = Task.CompletedTask;

    public WhipSession(PeerConnection pc, WhipClient client, bool trickle, TimeSpan timeout, TextWriter log)
    {
        _pc = pc;
        _client = client;
        _trickle = trickle;
        _timeout = timeout;
        _log = log;
        pc.IceCandidate += OnIceCandidate;
    }

    /// <summary>Trickle PATCHes the session accepted.</summary>
    public int TricklePatches { get; private set; }

    /// <summary>Candidates those PATCHes carried.</summary>
    public int CandidatesTrickled { get; private set; }

    /// <summary>ICE restarts the session accepted.</summary>
    public int Restarts { get; private set; }

    /// <summary>Why trickling stopped before the end (the status of the refused PATCH), or null.</summary>
    public string? TrickleStopReason { get; private set; }

    /// <summary>
    /// Creates the offer, POSTs it (after gathering unless trickling), applies the answer and starts trickling what
    /// the offer lacked.
    /// </summary>
    public async Task ConnectAsync(CancellationToken token)
    {
        await _pc.SetLocalDescriptionAsync(await _pc.CreateOfferAsync());
        string ufrag = IceSdpFragment.Parse(_pc.LocalDescription!.Sdp).Ufrag;
        if (!_trickle)
        {
            await WhenGatheredAsync(ufrag, token);
        }

        string offer = _pc.LocalDescription!.Sdp;
        MarkSent(IceSdpFragment.Parse(offer));
        string answer = await _client.PublishAsync(offer, token);
        await _pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, answer));
        if (_client.Session is null)
        {
            _patchRefused = "no Location in the 201";
            StopTrickle("no Location in the 201");
            return;
        }

        _pump = Task.Run(() => PumpAsync(_stop.Token), CancellationToken.None);
        _changed.Release();   // what was gathered between the offer and the 201
    }

    /// <summary>
    /// Restarts ICE through the WHIP session (RFC 9725 §4.3.2); false when it refused or takes no PATCH at all.
    /// Trickling, the new credentials are PATCHed before the PeerConnection applies them (the candidates follow as
    /// trickle), so a refusal leaves the connection as it was. Without trickle the PATCH must carry every candidate:
    /// the restart offer is applied and gathered first, and a refusal rolls it back: PeerConnection returns to the
    /// earlier credentials and ICE generation, and the connection carries on over the pair it had.
    /// </summary>
    /// <exception cref="HttpRequestException">The PATCH did not get through.</exception>
    /// <exception cref="FormatException">The 200 carried no valid fragment.</exception>
    public async Task<bool> RestartIceAsync(CancellationToken token)
    {
        await _patchLock.WaitAsync(token);
        try
        {
            await SendPendingAsync(token);   // the current generation's candidates first, in order
            if (_patchRefused is string status)
            {
                _log.WriteLine($"WHIP ICE restart skipped: the session takes no PATCH ({status})");
                return false;
            }

            RtcSessionDescription offer = await _pc.CreateOfferAsync(new RtcOfferOptions { IceRestart = true });
            bool credentialsFirst = _trickle && !_trickleStopped;
            if (!credentialsFirst)
            {
                await _pc.SetLocalDescriptionAsync(offer);
                await WhenGatheredAsync(IceSdpFragment.Parse(_pc.LocalDescription!.Sdp).Ufrag, token);   // nothing follows the PATCH
            }

            IceSdpFragment fragment = credentialsFirst
                ? IceSdpFragment.ForDescription(offer.Sdp, [], false)
                : IceSdpFragment.Parse(_pc.LocalDescription!.Sdp);
            (WhipPatchOutcome outcome, System.Net.HttpStatusCode code, IceSdpFragment? answer) = await _client.RestartIceAsync(fragment, token);
            if (outcome != WhipPatchOutcome.Accepted)
            {
                if (!credentialsFirst)
                {
                    await _pc.SetLocalDescriptionAsync(new RtcSessionDescription(SdpType.Rollback, string.Empty));
                }

                _log.WriteLine($"WHIP ICE restart refused ({(int)code}){(credentialsFirst ? string.Empty : ": rolled back")}");
                return false;
            }

            if (credentialsFirst)
            {
                await _pc.SetLocalDescriptionAsync(offer);
            }

            await _pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, answer!.ApplyTo(_pc.RemoteDescription!.Sdp)));
            _sent.Clear();
            _endSent = false;
            MarkSent(fragment);
            Restarts++;
            _log.WriteLine($"WHIP ICE restart: ufrag {answer.Ufrag}, {answer.Candidates.Count} server candidates, ETag {_client.ETag ?? "(none)"}");
            return true;
        }
        finally
        {
            _patchLock.Release();
            _changed.Release();
        }
    }

    private void MarkSent(IceSdpFragment fragment)
    {
        _sentUfrag = fragment.Ufrag;
        _sent.UnionWith(fragment.Candidates);
        _endSent |= fragment.EndOfCandidates;
    }

    private void OnIceCandidate(object? sender, PeerConnectionIceCandidateEventArgs e)
    {
        if (e.IsEndOfCandidates && e.Candidate.UsernameFragment is string ufrag)
        {
            lock (_gatheringWaiters)
            {
                _gatheredUfrags.Add(ufrag);
                foreach ((string u, TaskCompletionSource done) in _gatheringWaiters.Where(w => w.Ufrag == ufrag))
                {
                    done.TrySetResult();
                }
            }
        }

        _changed.Release();
    }

    /// <summary>Waits for end-of-candidates of the ICE generation <paramref name="ufrag"/>.</summary>
    private async Task WhenGatheredAsync(string ufrag, CancellationToken token)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gatheringWaiters)
        {
            if (_gatheredUfrags.Contains(ufrag))
            {
                return;
            }

            _gatheringWaiters.Add((ufrag, done));
        }

        await done.Task.WaitAsync(_timeout, token);
    }

    private async Task PumpAsync(CancellationToken token)
    {
        try
        {
            while (!_trickleStopped)
            {
                await _changed.WaitAsync(token);
                while (_changed.Wait(0))
                {
                    // coalesce: one PATCH for whatever arrived meanwhile
                }

                await _patchLock.WaitAsync(token);
                try
                {
                    await SendPendingAsync(token);
                }
                finally
                {
                    _patchLock.Release();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task SendPendingAsync(CancellationToken token)
    {
        if (_trickleStopped || _pc.LocalDescription is not { } local)
        {
            return;
        }

        IceSdpFragment now = IceSdpFragment.Parse(local.Sdp);
        if (now.Ufrag != _sentUfrag)
        {
            return;   // a restart offer whose PATCH has not been answered: RestartIceAsync holds the lock meanwhile
        }

        string[] fresh = [.. now.Candidates.Where(c => !_sent.Contains(c))];
        bool end = now.EndOfCandidates && !_endSent;
        if (fresh.Length == 0 && !end)
        {
            return;
        }

        try
        {
            (WhipPatchOutcome outcome, System.Net.HttpStatusCode status) =
                await _client.TrickleAsync(now with { Candidates = fresh, EndOfCandidates = end }, token);
            if (outcome == WhipPatchOutcome.Accepted)
            {
                _sent.UnionWith(fresh);
                _endSent |= end;
                TricklePatches++;
                CandidatesTrickled += fresh.Length;
                return;
            }

            if (status is System.Net.HttpStatusCode.MethodNotAllowed or System.Net.HttpStatusCode.NotImplemented)
            {
                _patchRefused = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);   // no PATCH at all: no restart either
            }

            StopTrickle($"{(int)status} {(outcome == WhipPatchOutcome.NotSupported ? "no trickle there" : "PATCH failed")}");
        }
        catch (HttpRequestException e)
        {
            StopTrickle(e.Message);
        }
        catch (TaskCanceledException) when (!token.IsCancellationRequested)
        {
            StopTrickle("PATCH timed out");
        }
    }

    private void StopTrickle(string reason)
    {
        _trickleStopped = true;
        TrickleStopReason = reason;
        _log.WriteLine($"WHIP trickle stopped ({reason}): later candidates stay local; the session relies on those sent and on peer-reflexive ones");
    }

    public async ValueTask DisposeAsync()
    {
        _pc.IceCandidate -= OnIceCandidate;
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
        _patchLock.Dispose();
        _changed.Dispose();
    }
}
