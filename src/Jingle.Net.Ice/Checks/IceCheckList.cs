namespace Jingle.Net.Ice.Checks;

/// <summary>
/// The checklist of one component (RFC 8445 §6.1.2): pairs ordered by priority, frozen by foundation, unfrozen when
/// a pair with the same foundation succeeds (§7.2.5.3.3) or when nothing is waiting (§6.1.4.2), a triggered-check
/// queue (§7.3.1.4), capped in size (§6.1.2.5), and the pacing decision of which pair to check next. Sans-I/O:
/// every decision takes "now"; the owner sends the check and runs the timer.
/// </summary>
internal sealed class IceCheckList
{
    private readonly List<Connection> _connections = [];
    private readonly List<Connection> _triggered = [];
    private readonly IceConfig _config;

    public IceCheckList(IceConfig config) => _config = config;

    /// <summary>The pairs, highest priority first (a List so that iterating allocates nothing).</summary>
    public List<Connection> Connections => _connections;

    public IceRole Role { get; set; } = IceRole.Controlling;

    /// <summary>True while a pair is frozen, waiting or in progress (checks still to finish).</summary>
    public bool HasPendingChecks
    {
        get
        {
            foreach (Connection c in _connections)
            {
                if (c.CheckState is IceCheckState.Frozen or IceCheckState.Waiting or IceCheckState.InProgress)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Adds a pair (initial formation or trickle, RFC 8838 §10): Waiting unless another pair with the same foundation is
    /// still to be checked, in which case Frozen. Returns the pair dropped to keep the list within its cap, if any.
    /// </summary>
    public Connection? Add(Connection connection)
    {
        string key = connection.FoundationKey;
        bool sameFoundationPending = false;
        foreach (Connection c in _connections)
        {
            if (c.CheckState is IceCheckState.Waiting or IceCheckState.InProgress or IceCheckState.Frozen && c.FoundationKey == key)
            {
                sameFoundationPending = true;
                break;
            }
        }

        connection.CheckState = sameFoundationPending ? IceCheckState.Frozen : IceCheckState.Waiting;
        _connections.Add(connection);
        Sort();
        if (_connections.Count > _config.MaxPairs)
        {
            // §6.1.2.5: drop the lowest-priority pair that is neither valid nor in progress.
            for (int i = _connections.Count - 1; i >= 0; i--)
            {
                Connection victim = _connections[i];
                if (victim.CheckState is IceCheckState.Frozen or IceCheckState.Waiting or IceCheckState.Failed)
                {
                    Remove(victim);
                    return victim;
                }
            }
        }

        return null;
    }

    public void Remove(Connection connection)
    {
        _connections.Remove(connection);
        _triggered.Remove(connection);
    }

    /// <summary>Orders pairs by priority, highest first (RFC 8445 §6.1.2.3); re-run after a role change.</summary>
    public void Sort()
    {
        IceRole role = Role;
        _connections.Sort((a, b) => b.Priority(role).CompareTo(a.Priority(role)));
    }

    /// <summary>Queues a triggered check (RFC 8445 §7.3.1.4); a failed pair is revived first.</summary>
    public void EnqueueTriggered(Connection connection)
    {
        if (connection.CheckState == IceCheckState.Failed)
        {
            connection.Revive();
        }
        else if (connection.CheckState == IceCheckState.Frozen)
        {
            connection.CheckState = IceCheckState.Waiting;
        }

        if (!_triggered.Contains(connection))
        {
            _triggered.Add(connection);
        }
    }

    public bool HasTriggered => _triggered.Count > 0;

    /// <summary>RFC 8445 §7.2.5.3.3: a success unfreezes the frozen pairs with the same foundation.</summary>
    public void OnPairSucceeded(Connection connection)
    {
        string key = connection.FoundationKey;
        foreach (Connection c in _connections)
        {
            if (c.CheckState == IceCheckState.Frozen && c.FoundationKey == key)
            {
                c.CheckState = IceCheckState.Waiting;
            }
        }
    }

    /// <summary>
    /// Picks the pair to check now (at most one per Ta): the triggered queue first, then the highest-priority Waiting
    /// pair (unfreezing the best Frozen one if none waits, §6.1.4.2), then the pair whose re-check, backup or consent
    /// check is most overdue. Null when nothing is due.
    /// </summary>
    public Connection? SelectNextCheck(long nowMs, Connection? selected)
    {
        while (_triggered.Count > 0)
        {
            Connection t = _triggered[0];
            _triggered.RemoveAt(0);
            if (t.CheckState != IceCheckState.Failed && t.HasRemoteCredentials && _connections.Contains(t))
            {
                return t;
            }
        }

        UnfreezeIfNothingWaits();
        Connection? best = null;
        long bestDue = long.MaxValue;
        foreach (Connection c in _connections)
        {
            if (c.CheckState == IceCheckState.Waiting && c.HasRemoteCredentials)
            {
                return c; // sorted: the first waiting pair has the highest priority
            }

            long due = NextCheckDue(c, selected);
            if (due <= nowMs && due < bestDue)
            {
                best = c;
                bestDue = due;
            }
        }

        return best;
    }

    /// <summary>The earliest time any pair is due for a check (long.MaxValue when none).</summary>
    public long NextCheckDue(Connection? selected)
    {
        if (_triggered.Count > 0)
        {
            return long.MinValue;
        }

        long earliest = long.MaxValue;
        bool anyFrozen = false, anyWaiting = false;
        foreach (Connection c in _connections)
        {
            anyFrozen |= c.CheckState == IceCheckState.Frozen && c.HasRemoteCredentials;
            anyWaiting |= c.CheckState == IceCheckState.Waiting && c.HasRemoteCredentials;
            earliest = Math.Min(earliest, NextCheckDue(c, selected));
        }

        return anyFrozen && !anyWaiting ? long.MinValue : earliest;
    }

    /// <summary>When <paramref name="c"/> should next be checked (long.MaxValue = not at all).</summary>
    public long NextCheckDue(Connection c, Connection? selected)
    {
        if (!c.HasRemoteCredentials)
        {
            return long.MaxValue;
        }

        switch (c.CheckState)
        {
            case IceCheckState.Failed:
            case IceCheckState.Frozen:
                return long.MaxValue;
            case IceCheckState.Waiting:
                return long.MinValue;
        }

        if (c.NominationPending)
        {
            return c.LastPingSentMs + (long)_config.InitialRecheckInterval.TotalMilliseconds;
        }

        if (c.IsReliable && c.LastResponseMs == long.MinValue && c.UnansweredPings > 0)
        {
            return long.MaxValue; // RFC 6544 §7.1: no retransmission over TCP; the connect timeout fails the pair
        }

        if (c.LastResponseMs == long.MinValue || !c.Writable)
        {
            // In progress (or unreliable): re-check with backoff.
            int exponent = Math.Clamp(c.UnansweredPings - 1, 0, 16);
            long interval = Math.Min((long)_config.InitialRecheckInterval.TotalMilliseconds << exponent, (long)_config.MaxRecheckInterval.TotalMilliseconds);
            if (c.Writable || c.LastResponseMs != long.MinValue)
            {
                interval = Math.Min(interval, (long)_config.WeakPingInterval.TotalMilliseconds);
            }

            return c.LastPingSentMs + interval;
        }

        if (ReferenceEquals(c, selected))
        {
            if (!c.Receiving)
            {
                return c.LastPingSentMs + (long)_config.WeakPingInterval.TotalMilliseconds;
            }

            long consent = c.LastPingSentMs + (long)(_config.ConsentCheckInterval.TotalMilliseconds * c.ConsentJitter);
            long idle = Math.Max(c.LastReceivedMs, c.LastPingSentMs) + (long)_config.IdleCheckInterval.TotalMilliseconds;
            return Math.Min(consent, idle);
        }

        return c.LastPingSentMs + (long)_config.BackupPingInterval.TotalMilliseconds;
    }

    private void UnfreezeIfNothingWaits()
    {
        Connection? bestFrozen = null;
        foreach (Connection c in _connections)
        {
            if (!c.HasRemoteCredentials)
            {
                continue;
            }

            if (c.CheckState == IceCheckState.Waiting)
            {
                return;
            }

            bestFrozen ??= c.CheckState == IceCheckState.Frozen ? c : null;
        }

        if (bestFrozen is not null)
        {
            bestFrozen.CheckState = IceCheckState.Waiting;
        }
    }
}
