using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Ports;

namespace Jingle.Net.Ice.Channel;

/// <summary>Pacing, selection, nomination, consent and the transport state machine.</summary>
public sealed partial class P2PTransportChannel
{
    private IDisposable? _tickTimer;
    private long _tickDue = long.MaxValue;
    private bool _tickRequested;
    private long _lastPacedPingMs = long.MinValue / 2;
    private bool _everSelected;
    private bool _inTick;

    /// <summary>One step of the agent: apply time to every pair, re-select, nominate, send at most one check (Ta).</summary>
    private void Tick()
    {
        using var scope = Enter();
        _tickRequested = false;
        if (_closed)
        {
            return;
        }

        _inTick = true;
        try
        {
            TickCore();
        }
        finally
        {
            _inTick = false;
        }
    }

    private void TickCore()
    {

        long now = _scheduler.NowMs;
        foreach (Connection c in _checklist.Connections)
        {
            if (c.UpdateState(now, _config, out bool consentLost))
            {
                IceLog.StateChanged(_logger, c, c.StateLetters);
                if (consentLost)
                {
                    IceLog.ConsentLost(_logger, TransportName, c);
                }
            }
        }

        SortAndSwitch(now);
        MaybeNominate(now);
        if (!_config.IceLite && now >= _lastPacedPingMs + PacingMs())
        {
            Connection? next = _checklist.SelectNextCheck(now, _selected);
            if (next is not null)
            {
                SendPing(next, now);
                _lastPacedPingMs = now;
            }
        }

        UpdateTransportState();
        ScheduleTick(now);
    }

    /// <summary>Spacing after the last paced check: shorter when the next one is a triggered check.</summary>
    private long PacingMs() => (long)(_checklist.HasTriggered ? _config.TriggeredCheckPacing : _config.CheckPacing).TotalMilliseconds;

    /// <summary>Arms the single timer for the next moment anything can happen (a due check or a state deadline).</summary>
    private void ScheduleTick(long now)
    {
        if (_closed)
        {
            return;
        }

        long due = long.MaxValue;
        if (!_config.IceLite)
        {
            long check = _checklist.NextCheckDue(_selected);
            if (check != long.MaxValue)
            {
                due = Math.Max(Math.Max(check, _lastPacedPingMs + PacingMs()), now);
            }
        }

        foreach (Connection c in _checklist.Connections)
        {
            long deadline = c.NextStateDeadline(_config);
            if (deadline > now && deadline < due)
            {
                due = deadline;
            }
        }

        if (NominationDeadline() is long nomination && nomination > now && nomination < due)
        {
            due = nomination;
        }

        if (due == long.MaxValue)
        {
            return;
        }

        if (due <= now)
        {
            if (_flushDepth > 0 && !_inTick)
            {
                _tickRequested = true; // run when the current entry point finishes, not re-entrantly
                return;
            }

            due = now + 1; // never spin: something due "now" right after a tick waits a millisecond
        }

        if (_tickTimer is not null && _tickDue <= due)
        {
            return;
        }

        _tickTimer?.Dispose();
        _tickDue = due;
        _tickTimer = _scheduler.Schedule(TimeSpan.FromMilliseconds(Math.Max(0, due - now)), OnTickTimer);
    }

    private void OnTickTimer()
    {
        _tickTimer = null;
        _tickDue = long.MaxValue;
        Tick();
    }

    private void RunRequestedTick()
    {
        if (_tickRequested && !_closed)
        {
            _tickRequested = false;
            Tick(); // the armed timer (if any) stays: it is re-armed only when something is due earlier
        }
    }

    private long? NominationDeadline() =>
        Role == IceRole.Controlling && _config.Nomination == IceNominationMode.Regular && _selected is { Nominated: false, NominationPending: false, Writable: true }
            ? _selectedSinceMs + (long)_config.NominationDelay.TotalMilliseconds
            : null;

    /// <summary>After a pair changed: re-select, nominate, update the state, re-arm the timer.</summary>
    private void AfterConnectionChange(long now)
    {
        SortAndSwitch(now);
        MaybeNominate(now);
        UpdateTransportState();
        ScheduleTick(now);
    }

    private void SwitchRole(IceRole role)
    {
        if (Role == role)
        {
            return;
        }

        Role = role;
        _checklist.Role = role;
        _checklist.Sort();
        foreach (Connection c in _checklist.Connections)
        {
            c.NominationPending = false;
        }

        IceLog.RoleSwitched(_logger, TransportName, role);
    }

    private static bool IsSelectable(Connection c) => c.Writable && c.CheckState == IceCheckState.Succeeded && c.IsConnected;

    /// <summary>
    /// libwebrtc's CompareConnections (and first, while a local restart is pending, a pair of an answered generation
    /// over one of the pending generation): newer ICE generation, then receiving, then nomination (renomination counter
    /// first), then pair priority. Positive when <paramref name="a"/> is better; <paramref name="reason"/> says why.
    /// </summary>
    private int Compare(Connection a, Connection b, out string reason)
    {
        if (_localGenerationPending)
        {
            bool pendingA = a.Port.Context.Generation == _localGeneration, pendingB = b.Port.Context.Generation == _localGeneration;
            if (pendingA != pendingB)
            {
                reason = "restart not answered yet";
                return pendingA ? -1 : 1;
            }
        }

        int generationA = a.Port.Context.Generation + (a.Generation?.Index ?? 0), generationB = b.Port.Context.Generation + (b.Generation?.Index ?? 0);
        if (generationA != generationB)
        {
            reason = "newer ICE generation";
            return generationA.CompareTo(generationB);
        }

        if (a.Receiving != b.Receiving)
        {
            reason = "receiving state";
            return a.Receiving ? 1 : -1;
        }

        if (a.RemoteNomination != b.RemoteNomination && Role == IceRole.Controlled)
        {
            reason = "renominated";
            return a.RemoteNomination.CompareTo(b.RemoteNomination);
        }

        if (a.Nominated != b.Nominated)
        {
            reason = "nominated";
            return a.Nominated ? 1 : -1;
        }

        reason = "higher priority";
        return a.Priority(Role).CompareTo(b.Priority(Role));
    }

    private void SortAndSwitch(long now)
    {
        Connection? best = null;
        foreach (Connection c in _checklist.Connections)
        {
            if (IsSelectable(c) && (best is null || Compare(c, best, out _) > 0))
            {
                best = c;
            }
        }

        Connection? current = _selected;
        if (current is not null && !IsSelectable(current))
        {
            if (best is not null)
            {
                SetSelected(best, current.CheckState == IceCheckState.Failed ? "selected pair failed" : "selected pair not writable", now);
            }
            else if (current.CheckState == IceCheckState.Failed)
            {
                SetSelected(null, "selected pair failed", now);
            }

            return;
        }

        if (best is null || ReferenceEquals(best, current))
        {
            return;
        }

        if (current is null)
        {
            SetSelected(best, "initial selection", now);
        }
        else if (Compare(best, current, out string reason) > 0)
        {
            SetSelected(best, reason, now);
        }
    }

    private void SetSelected(Connection? connection, string reason, long now)
    {
        bool wasWritable = IsWritable;
        _selected = connection;
        _selectedSinceMs = now;
        if (connection is not null)
        {
            _everSelected = true;
            connection.ConsentJitter = 0.8 + (0.4 * _env.Random.NextDouble());
        }

        IceLog.SelectedPairChanged(_logger, TransportName, connection, reason);
        CandidatePairStats? stats = connection?.GetStats(Role, selected: true);
        Defer(() => SelectedPairChanged?.Invoke(this, new SelectedPairChangedEventArgs(stats, reason)));
        if (wasWritable != IsWritable)
        {
            Defer(() => WritableStateChanged?.Invoke(this));
        }

        if (connection is not null)
        {
            PruneOlderGenerations(connection);
        }
    }

    /// <summary>After an ICE restart, once a pair of the new generation carries traffic, the old pairs and ports go.</summary>
    private void PruneOlderGenerations(Connection selected)
    {
        int localGeneration = selected.Port.Context.Generation;
        int remoteGeneration = selected.Generation?.Index ?? 0;
        if (localGeneration != _localGeneration || _localGenerationPending)
        {
            return;   // not the newest generation, or a restart the peer has not answered: the earlier pairs stay
        }

        foreach (Connection c in _checklist.Connections.ToArray())
        {
            if (c.Port.Context.Generation < localGeneration || (c.Generation?.Index ?? 0) < remoteGeneration)
            {
                c.Fail();
                _checklist.Remove(c);
                RemoveConnection(c);
            }
        }

        foreach (PortAllocatorSession session in _sessions.ToArray())
        {
            if (session.Context.Generation < localGeneration)
            {
                session.Dispose();
                _sessions.Remove(session);
            }
        }
    }

    /// <summary>Controlling side (RFC 8445 §8.1.1): decides when to put USE-CANDIDATE on the selected pair.</summary>
    private void MaybeNominate(long now)
    {
        if (Role != IceRole.Controlling || _config.LegacyGoogleIce || _config.IceLite || _config.Nomination == IceNominationMode.Aggressive)
        {
            return;
        }

        Connection? s = _selected;
        if (s is null || !s.Writable || s.Nominated || s.NominationPending)
        {
            return;
        }

        if (_config.Nomination == IceNominationMode.Regular)
        {
            bool betterPending = false;
            ulong priority = s.Priority(Role);
            foreach (Connection c in _checklist.Connections)
            {
                if (c.CheckState is IceCheckState.Waiting or IceCheckState.InProgress or IceCheckState.Frozen && c.Priority(Role) > priority)
                {
                    betterPending = true;
                    break;
                }
            }

            if (betterPending && now - _selectedSinceMs < (long)_config.NominationDelay.TotalMilliseconds)
            {
                return;
            }
        }
        else
        {
            _nominationCounter++;
        }

        s.NominationPending = true;
        _checklist.EnqueueTriggered(s);
    }

    /// <summary>The RFC 8445 §6.1.3 / W3C state from the pairs.</summary>
    private void UpdateTransportState()
    {
        if (_closed)
        {
            SetState(IceTransportState.Closed);
            return;
        }

        Connection? s = _selected;
        IceTransportState state;
        if (s is not null && IsSelectable(s))
        {
            bool completed = s.Nominated && (_config.IceLite || (_remoteEndOfCandidates && _gatheringState == IceGatheringState.Complete));
            if (completed && _state != IceTransportState.Completed)
            {
                PruneAfterNomination(s);
            }

            state = !s.Receiving ? IceTransportState.Disconnected : completed ? IceTransportState.Completed : IceTransportState.Connected;
        }
        else if (s is not null)
        {
            state = IceTransportState.Disconnected;
        }
        else
        {
            int failed = 0, total = _checklist.Connections.Count;
            foreach (Connection c in _checklist.Connections)
            {
                failed += c.CheckState == IceCheckState.Failed ? 1 : 0;
            }

            if (total > 0 && failed == total && (_everSelected || _remoteEndOfCandidates))
            {
                state = IceTransportState.Failed;
            }
            else if (total > 0)
            {
                state = _everSelected ? IceTransportState.Disconnected : IceTransportState.Checking;
            }
            else
            {
                state = _everSelected ? IceTransportState.Failed : _state == IceTransportState.New ? IceTransportState.New : IceTransportState.Checking;
            }
        }

        SetState(state);
    }

    /// <summary>
    /// RFC 8445 §8.1.2 with libwebrtc's scope: once a pair is nominated, pairs not yet valid on the same network with a
    /// lower priority stop being checked. Pairs on other networks stay as backups.
    /// </summary>
    private void PruneAfterNomination(Connection nominated)
    {
        ulong priority = nominated.Priority(Role);
        foreach (Connection c in _checklist.Connections)
        {
            if (c.CheckState is IceCheckState.Frozen or IceCheckState.Waiting or IceCheckState.InProgress
                && c.Port.Network.Name == nominated.Port.Network.Name && c.Priority(Role) < priority)
            {
                c.Fail();
                IceLog.ConnectionFailed(_logger, c, "pruned after nomination");
            }
        }
    }

    private void SetState(IceTransportState state)
    {
        if (_state == state)
        {
            return;
        }

        IceTransportState old = _state;
        _state = state;
        IceLog.TransportStateChanged(_logger, TransportName, old, state);
        Defer(() => StateChanged?.Invoke(this, state));
    }
}
