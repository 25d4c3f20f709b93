using System.Net;
using System.Text;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Stun;
using static Jingle.Net.Ice.Stun.IceStunConstants;

namespace Jingle.Net.Ice.Channel;

/// <summary>Connectivity checks on the wire: sending checks, answering the peer's (RFC 8445 §7.2, §7.3).</summary>
public sealed partial class P2PTransportChannel
{
    private void OnReadPacket(Port port, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp)
    {
        PacketKind kind = PacketDemultiplexer.Classify(packet);
        if (kind != PacketKind.Stun)
        {
            // Fast path (RFC 7983): anything that is not STUN goes up as is, without copying.
            Connection? c = _selected;
            if (c is null || !ReferenceEquals(c.Port, port) || !c.RemoteEndPoint.Equals(remote))
            {
                _connections.TryGetValue((port, remote), out c);
            }

            if (c is null || kind == PacketKind.Unknown)
            {
                _unknownSource++;
                return;
            }

            if (c.OnDataReceived(packet.Length, _scheduler.NowMs))
            {
                using var scope = Enter();
                IceLog.ReadStateChanged(_logger, c, c.StateLetters);
                AfterConnectionChange(_scheduler.NowMs);
            }

            PacketReceived?.Invoke(this, packet, timestamp);
            return;
        }

        using (Enter())
        {
            IceStunParseResult result = IceStunMessage.TryParse(packet, out IceStunMessage message);
            if (result != IceStunParseResult.Ok)
            {
                _malformedStun++;
                IceLog.StunDropped(_logger, port, remote, result.ToString());
                return;
            }

            long now = _scheduler.NowMs;
            if (message.IsRequest)
            {
                HandleBindingRequest(port, ref message, remote, now);
            }
            else if (message.IsResponse)
            {
                HandleBindingResponse(port, ref message, remote, now);
            }
            else if (message.IsIndication && _connections.TryGetValue((port, remote), out Connection? c) && c.OnDataReceived(0, now))
            {
                IceLog.ReadStateChanged(_logger, c, c.StateLetters); // RFC 8445 §11 keepalive indication
            }
        }
    }

    /// <summary>RFC 8445 §7.3: authenticate, repair role conflicts, learn peer-reflexive candidates, answer, trigger a check.</summary>
    private void HandleBindingRequest(Port port, ref IceStunMessage message, IPEndPoint remote, long now)
    {
        bool legacy = _config.LegacyGoogleIce;
        PortContext context = port.Context;
        if (!message.HasUsername || (!legacy && message.IntegrityOffset < 0))
        {
            _badRequests++;
            SendError(port, message.TransactionId, remote, BadRequest, "Bad Request", null);
            IceLog.StunRejected(_logger, port, remote, BadRequest, "missing USERNAME or MESSAGE-INTEGRITY");
            return;
        }

        ReadOnlySpan<byte> username = message.Username;
        ReadOnlySpan<byte> remoteUfrag;
        if (legacy)
        {
            if (!username.StartsWith(context.UfragBytes))
            {
                _unauthorized++;
                SendError(port, message.TransactionId, remote, Unauthorized, "Unauthorized", null);
                IceLog.StunRejected(_logger, port, remote, Unauthorized, "bad username");
                return;
            }

            remoteUfrag = username[context.UfragBytes.Length..];
        }
        else
        {
            int colon = username.IndexOf((byte)':');
            if (colon < 0 || !username[..colon].SequenceEqual(context.UfragBytes) || !message.VerifyIntegrity(context.IntegrityKey))
            {
                _unauthorized++;
                SendError(port, message.TransactionId, remote, Unauthorized, "Unauthorized", null);
                IceLog.StunRejected(_logger, port, remote, Unauthorized, colon < 0 ? "bad username" : "bad USERNAME or MESSAGE-INTEGRITY");
                return;
            }

            remoteUfrag = username[(colon + 1)..];
        }

        (port as TcpPort)?.OnStreamAuthenticated(remote); // RFC 6544 §7.2: the accepted stream now carries a pair

        if (!legacy && !RepairRoleConflict(port, ref message, remote))
        {
            return;
        }

        RemoteGeneration? generation = FindRemoteGeneration(remoteUfrag);
        Connection? connection = generation is null ? FindConnection(port, remote) : FindConnection(port, remote, generation);
        if (connection is null && generation is not null && context.Generation == _localGeneration
            && CountPeerReflexiveCandidates() < MaxPeerReflexiveCandidates)
        {
            // RFC 8445 §7.3.1.3: a check from an unknown address is a peer-reflexive candidate.
            var prflx = new IceCandidate
            {
                Foundation = IceCandidate.ComputeFoundation(CandidateType.PeerReflexive, remote.Address, port.Protocol, "prflx"),
                Component = Component,
                Protocol = port.Protocol,
                TcpType = port is TcpPort tcp ? TcpCandidateRules.PeerReflexiveRemoteType(tcp.TcpType) : TcpCandidateType.None,
                Priority = message.HasPriority ? message.Priority : IceCandidate.ComputePriority(CandidateType.PeerReflexive, 65535, Component),
                Host = remote.Address.ToString(),
                Port = remote.Port,
                Type = CandidateType.PeerReflexive,
                Ufrag = generation.Ufrag,
            };
            connection = CreateConnection(port, prflx, generation);
            if (connection is not null)
            {
                // Only a candidate that got a connection is remembered: checks from ever-new addresses must not
                // grow the list without bound.
                _remoteCandidates.Add((prflx, generation));
            }
        }

        SendSuccessResponse(port, ref message, remote);
        IceLog.GotRequest(_logger, port);
        if (connection is null)
        {
            return;
        }

        connection.OnResponseSent();
        if (connection.OnRequestReceived(now))
        {
            IceLog.ReadStateChanged(_logger, connection, connection.StateLetters);
        }

        if (_config.IceLite)
        {
            if (connection.OnLiteCheckReceived(now))
            {
                IceLog.WriteStateChanged(_logger, connection, connection.StateLetters);
            }
        }

        if (!legacy && message.UseCandidate && Role == IceRole.Controlled)
        {
            // §7.3.1.5: the pair is nominated now if valid, or as soon as our triggered check succeeds.
            connection.RemoteNominated = true;
            if (message.HasNomination && message.Nomination > connection.RemoteNomination)
            {
                connection.RemoteNomination = message.Nomination;
            }

            if (connection.CheckState == IceCheckState.Succeeded && !connection.Nominated)
            {
                connection.Nominated = true;
                IceLog.Nominated(_logger, connection);
            }
        }

        if (!_config.IceLite && connection.CheckState != IceCheckState.Succeeded)
        {
            _checklist.EnqueueTriggered(connection); // §7.3.1.4
        }

        AfterConnectionChange(now);
    }

    /// <summary>RFC 8445 §7.3.1.1. Returns false when the request was answered 487 and must not be processed further.</summary>
    private bool RepairRoleConflict(Port port, ref IceStunMessage message, IPEndPoint remote)
    {
        if (Role == IceRole.Controlling && message.HasControlling)
        {
            _roleConflicts++;
            if (TieBreaker >= message.ControllingTieBreaker)
            {
                SendError(port, message.TransactionId, remote, RoleConflict, "Role Conflict", port.Context.IntegrityKey);
                return false;
            }

            SwitchRole(IceRole.Controlled);
        }
        else if (Role == IceRole.Controlled && message.HasControlled)
        {
            _roleConflicts++;
            if (TieBreaker >= message.ControlledTieBreaker)
            {
                SwitchRole(IceRole.Controlling);
            }
            else
            {
                SendError(port, message.TransactionId, remote, RoleConflict, "Role Conflict", port.Context.IntegrityKey);
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 8445 §7.2.5: match, authenticate, then learn the mapped address and mark the pair valid.</summary>
    private void HandleBindingResponse(Port port, ref IceStunMessage message, IPEndPoint remote, long now)
    {
        // §7.2.5.2.1: the response must come from where the check went; the (port, source) lookup enforces it.
        Connection? connection = FindConnectionForResponse(port, remote, message.TransactionId);
        if (connection is null)
        {
            _responsesDropped++;
            return;
        }

        if (_config.LegacyGoogleIce)
        {
            if (!message.HasUsername || connection.RequestUsername is null || !message.Username.SequenceEqual(connection.RequestUsername))
            {
                _responsesDropped++;
                IceLog.BadUsernameResponse(_logger, port);
                return;
            }
        }
        else if (connection.Generation?.Key is not { } key || !message.VerifyIntegrity(key))
        {
            _responsesDropped++;
            IceLog.StunDropped(_logger, port, remote, "response failed MESSAGE-INTEGRITY");
            return;
        }

        if (!connection.TryTakePing(message.TransactionId, out long sentMs, out bool useCandidate, out IceRole roleAtSend))
        {
            _responsesDropped++;
            return;
        }

        if (message.Type == BindingErrorResponse)
        {
            if (message.ErrorCode == RoleConflict && !_config.LegacyGoogleIce)
            {
                // §7.2.5.1: switch to the role opposite to the one the check claimed, and check again.
                _roleConflicts++;
                if (Role == roleAtSend)
                {
                    SwitchRole(roleAtSend == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling);
                }

                _checklist.EnqueueTriggered(connection);
            }
            else
            {
                connection.Fail();
                IceLog.ConnectionFailed(_logger, connection, $"error response {message.ErrorCode}");
            }

            AfterConnectionChange(now);
            return;
        }

        IPEndPoint? mapped = message.GetMappedAddress();
        if (mapped is not null)
        {
            UpdateLocalCandidate(connection, mapped);
        }

        bool writableChanged = connection.OnSuccessResponse(sentMs, now);
        IceLog.GotValidResponse(_logger, connection);
        if (writableChanged)
        {
            IceLog.WriteStateChanged(_logger, connection, connection.StateLetters);
        }

        _checklist.OnPairSucceeded(connection);
        if ((useCandidate && Role == IceRole.Controlling) || (Role == IceRole.Controlled && connection.RemoteNominated))
        {
            connection.NominationPending = false;
            if (!connection.Nominated)
            {
                connection.Nominated = true;
                IceLog.Nominated(_logger, connection);
            }
        }

        AfterConnectionChange(now);
    }

    /// <summary>
    /// libwebrtc's MaybeUpdateLocalCandidate: the mapped address names which local candidate the peer sees — the
    /// host or srflx one, or a new peer-reflexive candidate (RFC 8445 §7.2.5.3.1).
    /// </summary>
    private void UpdateLocalCandidate(Connection connection, IPEndPoint mapped)
    {
        Port port = connection.Port;
        if (port is TcpPort tcp && tcp.IsStreamLocalAddress(mapped))
        {
            return; // RFC 6544: an active candidate's connection leaves from an ephemeral port; no NAT, no new candidate
        }

        IceCandidate? local = port.FindCandidate(mapped);
        if (local is null)
        {
            IceCandidate baseCandidate = port.PrimaryCandidate!;
            local = baseCandidate with
            {
                Type = CandidateType.PeerReflexive,
                Foundation = IceCandidate.ComputeFoundation(CandidateType.PeerReflexive, baseCandidate.EndPoint!.Address, baseCandidate.Protocol, "prflx"),
                Priority = IceCandidate.ComputePriority(CandidateType.PeerReflexive, port.CheckLocalPreference, Component),
                Host = mapped.Address.ToString(),
                Port = mapped.Port,
                RelatedAddress = baseCandidate.Host,
                RelatedPort = baseCandidate.Port,
            };
            port.AddPeerReflexiveCandidate(local);
        }

        if (!ReferenceEquals(local, connection.LocalCandidate))
        {
            connection.LocalCandidate = local;
            _checklist.Sort();
        }
    }

    private RemoteGeneration? FindRemoteGeneration(ReadOnlySpan<byte> remoteUfrag)
    {
        Span<char> chars = stackalloc char[Math.Min(remoteUfrag.Length, 256)];
        int n = Encoding.UTF8.GetChars(remoteUfrag[..chars.Length], chars);
        ReadOnlySpan<char> ufrag = chars[..n];
        for (int i = _remoteGenerations.Count - 1; i >= 0; i--)
        {
            if (_remoteGenerations[i].Ufrag is { } known && ufrag.SequenceEqual(known))
            {
                return _remoteGenerations[i];
            }
        }

        if (_remoteGenerations.Count == 0)
        {
            // A check before the remote description (RFC 8445 §7.3.1.3 note): remember the ufrag, password comes later.
            var generation = new RemoteGeneration(0, ufrag.ToString(), null, false);
            _remoteGenerations.Add(generation);
            return generation;
        }

        if (_remoteGenerations[^1].Ufrag is null)
        {
            _remoteGenerations[^1].Ufrag = ufrag.ToString();
            return _remoteGenerations[^1];
        }

        return null;
    }

    /// <summary>Sends a check on <paramref name="connection"/> (RFC 8445 §7.2.2 / §7.2.4).</summary>
    private void SendPing(Connection connection, long now)
    {
        RemoteGeneration generation = connection.Generation!;
        PortContext local = connection.Port.Context;
        bool legacy = _config.LegacyGoogleIce;
        connection.RequestUsername ??= Encoding.UTF8.GetBytes(legacy ? generation.Ufrag + local.Parameters.Ufrag : generation.Ufrag + ":" + local.Parameters.Ufrag);
        bool useCandidate = !legacy && Role == IceRole.Controlling
            && (_config.Nomination == IceNominationMode.Aggressive || connection.NominationPending);
        Span<byte> transactionId = stackalloc byte[12];
        _env.Random.NextBytes(transactionId);
        var writer = new IceStunWriter(_stunBuffer, BindingRequest, transactionId);
        writer.AddUsername(connection.RequestUsername);
        if (!legacy)
        {
            writer.AddUInt32(Priority, IceCandidate.ComputePriority(CandidateType.PeerReflexive, connection.Port.CheckLocalPreference, Component));
            writer.AddUInt64(Role == IceRole.Controlling ? IceControlling : IceControlled, TieBreaker);
            if (useCandidate)
            {
                writer.AddFlag(UseCandidate);
                if (_config.Nomination == IceNominationMode.Renomination)
                {
                    writer.AddUInt32(Nomination, _nominationCounter);
                }
            }

            writer.AddMessageIntegrity(generation.Key);
            writer.AddFingerprint();
        }

        bool consent = ReferenceEquals(connection, _selected) && connection.Writable;
        connection.Port.SendTo(writer.Written, connection.RemoteEndPoint);
        connection.OnPingSent(transactionId, now, useCandidate, consent, Role);
        if (consent)
        {
            connection.ConsentJitter = 0.8 + (0.4 * _env.Random.NextDouble()); // RFC 7675 §5.1
        }

        if (useCandidate)
        {
            IceLog.SendStunNominate(_logger, connection);
        }
        else
        {
            IceLog.SendStun(_logger, connection);
        }
    }

    private void SendSuccessResponse(Port port, ref IceStunMessage request, IPEndPoint remote)
    {
        var writer = new IceStunWriter(_stunBuffer, BindingSuccessResponse, request.TransactionId);
        if (_config.LegacyGoogleIce)
        {
            writer.AddAddress(MappedAddress, remote);
            writer.AddUsername(request.Username);
        }
        else
        {
            writer.AddAddress(XorMappedAddress, remote);
            writer.AddMessageIntegrity(port.Context.IntegrityKey);
            writer.AddFingerprint();
        }

        port.SendTo(writer.Written, remote);
    }

    private void SendError(Port port, ReadOnlySpan<byte> transactionId, IPEndPoint remote, int code, string reason, byte[]? integrityKey)
    {
        var writer = new IceStunWriter(_stunBuffer, BindingErrorResponse, transactionId);
        writer.AddErrorCode(code, reason);
        if (integrityKey is not null)
        {
            writer.AddMessageIntegrity(integrityKey);
        }

        writer.AddFingerprint();
        port.SendTo(writer.Written, remote);
    }

    /// <summary>Most peer-reflexive candidates learned from checks (RFC 8445 §7.3.1.3) kept at once.</summary>
    internal const int MaxPeerReflexiveCandidates = 100;

    /// <summary>Peer-reflexive remote candidates held now (for tests and stats).</summary>
    internal int PeerReflexiveCandidateCount => CountPeerReflexiveCandidates();

    private int CountPeerReflexiveCandidates()
    {
        int count = 0;
        foreach ((IceCandidate candidate, RemoteGeneration _) in _remoteCandidates)
        {
            if (candidate.Type == CandidateType.PeerReflexive)
            {
                count++;
            }
        }

        return count;
    }
}
