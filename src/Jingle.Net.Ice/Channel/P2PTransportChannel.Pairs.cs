using System.Net;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Ports;

namespace Jingle.Net.Ice.Channel;

/// <summary>
/// The pair table: pairs by (local port, remote address). A peer that keeps its address across an ICE restart gives
/// two pairs with the same key, one per remote generation: the newest is in the table, older ones hang off it
/// (<see cref="Connection.OlderGeneration"/>) until they are pruned, so neither replaces the other.
/// </summary>
public sealed partial class P2PTransportChannel
{
    /// <summary>The newest pair on this local port to this remote address, or null.</summary>
    private Connection? FindConnection(Port port, IPEndPoint remote) =>
        _connections.TryGetValue((port, remote), out Connection? connection) ? connection : null;

    /// <summary>The pair on this local port to this remote address that checks with <paramref name="generation"/>.</summary>
    private Connection? FindConnection(Port port, IPEndPoint remote, RemoteGeneration generation)
    {
        for (Connection? c = FindConnection(port, remote); c is not null; c = c.OlderGeneration)
        {
            if (c.Generation == generation)
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>The pair whose check <paramref name="transactionId"/> answers; the newest pair if none (then dropped as unmatched).</summary>
    private Connection? FindConnectionForResponse(Port port, IPEndPoint remote, ReadOnlySpan<byte> transactionId)
    {
        Connection? newest = FindConnection(port, remote);
        if (newest?.OlderGeneration is null)
        {
            return newest;
        }

        for (Connection? c = newest; c is not null; c = c.OlderGeneration)
        {
            if (c.HasPing(transactionId))
            {
                return c;
            }
        }

        return newest;
    }

    private void AddConnection(Connection connection)
    {
        (Port, IPEndPoint) key = (connection.Port, connection.RemoteEndPoint);
        if (_connections.TryGetValue(key, out Connection? older))
        {
            connection.OlderGeneration = older;
        }

        _connections[key] = connection;
    }

    private void RemoveConnection(Connection connection)
    {
        (Port, IPEndPoint) key = (connection.Port, connection.RemoteEndPoint);
        if (!_connections.TryGetValue(key, out Connection? c))
        {
            return;
        }

        if (ReferenceEquals(c, connection))
        {
            if (connection.OlderGeneration is { } older)
            {
                _connections[key] = older;
            }
            else
            {
                _connections.Remove(key);
            }
        }
        else
        {
            for (; c.OlderGeneration is { } next; c = next)
            {
                if (ReferenceEquals(next, connection))
                {
                    c.OlderGeneration = next.OlderGeneration;
                    break;
                }
            }
        }

        connection.OlderGeneration = null;
    }

    /// <summary>
    /// Back to the remote generation at <paramref name="keep"/> (see <see cref="SetRemoteParameters"/>): newer
    /// generations, their remote candidates and pairs are dropped (the selected pair too, if it was one of them: the
    /// best remaining pair takes over), and the kept generation's candidates are paired again with the current ports.
    /// </summary>
    private void RollBackRemoteGenerations(int keep, IceParameters parameters)
    {
        RemoteGeneration restored = _remoteGenerations[keep];
        int dropped = 0;
        foreach (Connection c in _checklist.Connections.ToArray())
        {
            if (c.RemoteGenerationIndex > keep)
            {
                c.Fail();
                _checklist.Remove(c);
                RemoveConnection(c);
                dropped++;
            }
        }

        _remoteCandidates.RemoveAll(rc => rc.Generation.Index > keep);
        _remoteGenerations.RemoveRange(keep + 1, _remoteGenerations.Count - keep - 1);
        _remoteEndOfCandidates = restored.EndOfCandidates;
        IceLog.RemoteGenerationRolledBack(_logger, TransportName, parameters.Ufrag, keep, dropped);
        foreach ((IceCandidate candidate, RemoteGeneration generation) in _remoteCandidates.ToArray())
        {
            if (generation != restored)
            {
                continue;
            }

            foreach (PortAllocatorSession session in _sessions)
            {
                if (session.Context.Generation == _localGeneration)
                {
                    foreach (Port port in session.Ports)
                    {
                        CreateConnection(port, candidate, restored);
                    }
                }
            }
        }

        AfterConnectionChange(_scheduler.NowMs);
    }

    /// <summary>
    /// Back to the local generation of <paramref name="kept"/> (a rolled-back pending restart, see
    /// <see cref="SetLocalParameters(IceParameters, bool)"/>): the newer sessions stop gathering and close their ports,
    /// their pairs go (the selected pair too, if it was one of them: the best remaining pair takes over), and the kept
    /// generation's ports are paired with the peer's current candidates, some of which may have come meanwhile.
    /// </summary>
    private void RollBackLocalGenerations(PortAllocatorSession kept)
    {
        int keep = kept.Context.Generation;
        foreach (Connection c in _checklist.Connections.ToArray())
        {
            if (c.Port.Context.Generation > keep)
            {
                c.Fail();
                _checklist.Remove(c);
                RemoveConnection(c);
            }
        }

        foreach (PortAllocatorSession session in _sessions.ToArray())
        {
            if (session.Context.Generation > keep)
            {
                session.Dispose();
                _sessions.Remove(session);
            }
        }

        _localParameters = kept.Context.Parameters;
        _localGeneration = keep;
        _localGenerationPending = false;
        if (_remoteGenerations.Count > 0)
        {
            RemoteGeneration current = _remoteGenerations[^1];
            foreach ((IceCandidate candidate, RemoteGeneration generation) in _remoteCandidates.ToArray())
            {
                if (generation == current)
                {
                    foreach (Port port in kept.Ports)
                    {
                        CreateConnection(port, candidate, current);
                    }
                }
            }
        }

        SetGatheringState(kept.IsComplete ? IceGatheringState.Complete : IceGatheringState.Gathering);
        AfterConnectionChange(_scheduler.NowMs);
    }

    /// <summary>
    /// The peer answered: a pending local restart is confirmed, so its pairs may take over, and the earlier local
    /// generations go once one of its pairs is selected (now, if one already is).
    /// </summary>
    private void ConfirmLocalGeneration()
    {
        if (!_localGenerationPending)
        {
            return;
        }

        _localGenerationPending = false;
        SortAndSwitch(_scheduler.NowMs);
        if (_selected is { } selected)
        {
            PruneOlderGenerations(selected);
        }
    }
}
