using System.Net;
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
}
