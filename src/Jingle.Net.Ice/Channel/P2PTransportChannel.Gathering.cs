using System.Net;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Ports;

namespace Jingle.Net.Ice.Channel;

/// <summary>Gathering: allocator sessions (one per local ICE generation), candidates, pairing with remote candidates.</summary>
public sealed partial class P2PTransportChannel : IPortListener
{
    /// <summary>How TURN relay ports are made (set by the TURN integration; null = no relay candidates).</summary>
    internal ITurnPortFactory? TurnPortFactory { get; set; } = DefaultTurnPortFactory;

    /// <summary>Process-wide default TURN port factory, installed by the TURN integration when it is available.</summary>
    internal static ITurnPortFactory? DefaultTurnPortFactory { get; set; } = new TurnPortFactory();

    private void StartSession()
    {
        var context = new PortContext(_options.TransportName, _options.Component, _localParameters!, _localGeneration);
        var session = new PortAllocatorSession(_env, _scheduler, _allocator, context, this, TurnPortFactory, hostOnly: _config.IceLite);
        session.Completed += OnSessionCompleted;
        _sessions.Add(session);
        SetGatheringState(IceGatheringState.Gathering);
        session.Start();
    }

    private void OnSessionCompleted(PortAllocatorSession session)
    {
        using var scope = Enter(); // ports call in from their own callbacks: raise the events when done
        if (session.Context.Generation == _localGeneration)
        {
            SetGatheringState(IceGatheringState.Complete);
        }
    }

    void IPortListener.OnCandidateReady(Port port, IceCandidate candidate)
    {
        using var scope = Enter();
        if (_allocator.RelayOnly && candidate.Type != CandidateType.Relay)
        {
            CandidatesFilteredByPolicy++;   // the policy became relay-only while this session gathered
            return;
        }

        IceLog.CandidateGathered(_logger, port, candidate.ToSdpString());
        Defer(() => CandidateGathered?.Invoke(this, new CandidateGatheredEventArgs(candidate)));
        if (port.Context.Generation != _localGeneration || !ReferenceEquals(candidate, port.PrimaryCandidate))
        {
            return; // srflx candidates share the host's socket: its connections already cover them
        }

        foreach ((IceCandidate remote, RemoteGeneration generation) in _remoteCandidates)
        {
            if (generation == _remoteGenerations[^1])
            {
                CreateConnection(port, remote, generation);
            }
        }

        ScheduleTick(_scheduler.NowMs);
    }

    void IPortListener.OnPortComplete(Port port)
    {
        using var scope = Enter();
    }

    void IPortListener.OnReadPacket(Port port, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp)
    {
        if (_closed)
        {
            return;
        }

        OnReadPacket(port, packet, remote, timestamp);
    }

    void IPortListener.OnRemoteClosed(Port port, IPEndPoint remote, string reason)
    {
        if (_closed)
        {
            return;
        }

        using var scope = Enter();
        bool failed = false;
        for (Connection? connection = FindConnection(port, remote); connection is not null; connection = connection.OlderGeneration)
        {
            if (connection.CheckState != IceCheckState.Failed)
            {
                // RFC 6544: the pair's TCP connection is gone (refused, reset, closed): its pairs fail, nothing else does.
                connection.Fail();
                IceLog.ConnectionFailed(_logger, connection, reason);
                failed = true;
            }
        }

        if (failed)
        {
            AfterConnectionChange(_scheduler.NowMs);
        }
    }

    private Connection? CreateConnection(Port port, IceCandidate remote, RemoteGeneration generation)
    {
        IceCandidate? local = port.PrimaryCandidate;
        IPEndPoint? endPoint = remote.EndPoint;
        if (local is null || endPoint is null || endPoint.AddressFamily != port.PrimaryCandidate!.EndPoint!.AddressFamily)
        {
            return null;
        }

        if (_allocator.RelayOnly && local.Type != CandidateType.Relay)
        {
            return null;
        }

        // RFC 6544 §6.2: TCP pairs only active↔passive (and so↔so). A passive candidate never connects out: its pair
        // with a signaled active candidate exists once the peer's connection brings a check (as a prflx candidate).
        if (!TcpCandidateRules.CanPair(local, remote) || (!TcpCandidateRules.SendsChecks(local) && remote.Type != CandidateType.PeerReflexive))
        {
            return null;
        }

        if (FindConnection(port, endPoint) is { } newest && generation.Index <= newest.RemoteGenerationIndex)
        {
            // This generation's pair at this address, if any. An older generation gets no new pair once a newer
            // one exists here; a newer one (the peer kept its address across a restart) gets its own pair below.
            Connection? existing = FindConnection(port, endPoint, generation);
            if (existing is not null && existing.RemoteCandidate.Type == CandidateType.PeerReflexive && remote.Type != CandidateType.PeerReflexive)
            {
                existing.RemoteCandidate = remote; // the signaled candidate replaces the learned one
                _checklist.Sort();
            }

            return existing;
        }

        var connection = new Connection(_nextConnectionId++, port, local, remote, endPoint) { Generation = generation };
        AddConnection(connection);
        Connection? dropped = _checklist.Add(connection);
        if (dropped is not null)
        {
            RemoveConnection(dropped);
        }

        return dropped == connection ? null : connection;
    }

    private void SetGatheringState(IceGatheringState state)
    {
        if (_gatheringState == state)
        {
            return;
        }

        _gatheringState = state;
        IceLog.GatheringStateChanged(_logger, TransportName, state);
        Defer(() => GatheringStateChanged?.Invoke(this, state));
        if (state == IceGatheringState.Complete)
        {
            UpdateTransportState();
        }
    }
}
