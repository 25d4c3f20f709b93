using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Stun;
using Jingle.Net.Stun.Turn;

namespace Jingle.Net.Ice.Ports;

/// <summary>TurnPort: what comes back from the TURN server.</summary>
internal sealed partial class TurnPort
{
    private void OnPacket(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp) =>
        OnServerPacket(packet, remote, timestamp);

    /// <summary>A datagram from the UDP socket, or a frame from the TCP connection (remote = the server).</summary>
    private void OnServerPacket(ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp)
    {
        if (!IsDisposed && remote.Equals(_server.Address) && TurnChannelData.IsChannelData(packet))
        {
            OnChannelData(packet, timestamp);
            return;
        }

        if (IsDisposed || !remote.Equals(_server.Address) || !StunMessageReader.TryParse(packet, out StunMessageReader reader, out _))
        {
            PacketsDropped++;
            return;
        }

        StunMessageType type = reader.Type;
        if (type.Method == StunMethod.Data && type.Class == StunClass.Indication)
        {
            if (reader.TryGetXorAddress(StunAttributeType.XorPeerAddress, out IPEndPoint? peer) && peer is not null
                && reader.TryGetAttribute(StunAttributeType.Data, out ReadOnlySpan<byte> data) && Listener is { } listener)
            {
                listener.OnReadPacket(this, data, peer, timestamp);
            }
            else
            {
                PacketsDropped++;
            }

            return;
        }

        TransactionKey key = TransactionKey.From(packet.Slice(8, 12));
        if (!type.IsResponse || !_pending.TryGetValue(key, out PendingRequest? request))
        {
            PacketsDropped++;
            return;
        }

        // RFC 8489 §9.2.5: once we hold a key, a response must carry a valid MESSAGE-INTEGRITY. Check it before the
        // transaction is touched, so a forged response is dropped and the real one can still complete it.
        if (_key is not null && !IsAuthentic(reader, type, _key))
        {
            PacketsDropped++;
            ForgedResponsesDropped++;
            return;
        }

        _pending.Remove(key);
        request.Timer?.Dispose();
        if (type.Class == StunClass.ErrorResponse)
        {
            OnErrorResponse(request, reader);
            return;
        }

        switch (request.Kind)
        {
            case RequestKind.Allocate:
                OnAllocated(reader);
                break;
            case RequestKind.Refresh:
                ScheduleRefresh(reader);
                break;
            case RequestKind.Permission:
                _permissions[request.Peer!] = true;
                OnPermissionGranted(request.Peer!);
                break;
            case RequestKind.ChannelBind:
                OnChannelBound(request.Channel!);
                break;
        }
    }

    /// <summary>Responses to authenticated requests dropped because their MESSAGE-INTEGRITY was missing or wrong.</summary>
    public long ForgedResponsesDropped { get; private set; }

    /// <summary>
    /// A response to a request sent with long-term credentials is authentic when its MESSAGE-INTEGRITY verifies with
    /// our key. The one exemption (RFC 8656 §7.2/§7.3 realm and nonce flow): a 401 or 438 error response that
    /// carries no MESSAGE-INTEGRITY at all (the server could not compute it: our nonce went stale or the realm
    /// changed). A 401/438 that does carry one must verify; any other error (403, 437, 486, ...) must verify.
    /// </summary>
    internal static bool IsAuthentic(StunMessageReader reader, StunMessageType type, byte[] key)
    {
        if (reader.HasMessageIntegrity)
        {
            return reader.ValidateMessageIntegrity(key);
        }

        return type.Class == StunClass.ErrorResponse
            && reader.TryGetErrorCode(out int code, out _)
            && code is 401 or 438;
    }

    private void OnErrorResponse(PendingRequest request, StunMessageReader reader)
    {
        reader.TryGetErrorCode(out int code, out _);
        if ((code == 401 || code == 438) && _authAttempts < 3 && reader.TryGetString(StunAttributeType.Nonce, out string nonce))
        {
            _authAttempts++;
            _nonce = nonce;
            if (reader.TryGetString(StunAttributeType.Realm, out string realm))
            {
                _realm = realm;
            }

            if (_realm is not null)
            {
                _key = global::Jingle.Net.Stun.Credentials.StunCredentials.ComputeLongTermKey(_server.Username, _realm, _server.Password);
            }

            switch (request.Kind)
            {
                case RequestKind.Allocate:
                    SendAllocate();
                    break;
                case RequestKind.Refresh:
                    SendRefresh(600);
                    break;
                case RequestKind.Permission:
                    SendCreatePermission(request.Peer!);
                    break;
                case RequestKind.ChannelBind:
                    SendChannelBind(request.Channel!);
                    break;
            }

            return;
        }

        if (request.Kind == RequestKind.Allocate)
        {
            Fail($"error {code}");
        }
        else if (request.Kind == RequestKind.ChannelBind)
        {
            OnChannelBindFailed(request.Channel!, code);
        }
    }

    private void OnAllocated(StunMessageReader reader)
    {
        if (!reader.TryGetXorAddress(StunAttributeType.XorRelayedAddress, out IPEndPoint? relayed) || relayed is null)
        {
            Fail("no XOR-RELAYED-ADDRESS");
            return;
        }

        _authAttempts = 0;
        RelayedAddress = relayed;
        MappedAddress = reader.TryGetXorAddress(StunAttributeType.XorMappedAddress, out IPEndPoint? mapped) ? mapped : null;
        AddCandidate(new IceCandidate
        {
            Foundation = IceCandidate.ComputeFoundation(CandidateType.Relay, _localAddress, CandidateProtocol.Udp, _server.Address.ToString(),
                IsStream ? CandidateProtocol.Tcp : CandidateProtocol.Udp),
            Component = Component,
            Protocol = CandidateProtocol.Udp,
            Priority = IceCandidate.ComputePriority(CandidateType.Relay, LocalPreference(relayPreference: IsStream ? 1 : 0), Component),
            Host = relayed.Address.ToString(),
            Port = relayed.Port,
            Type = CandidateType.Relay,
            RelatedAddress = MappedAddress?.Address.ToString(),
            RelatedPort = MappedAddress?.Port,
            Generation = Context.Generation,
            Ufrag = Context.Parameters.Ufrag,
            NetworkId = Network.Index,
            NetworkCost = Network.NetworkCost,
        });
        ScheduleRefresh(reader);
        Complete();
    }

    private void ScheduleRefresh(StunMessageReader reader)
    {
        uint lifetime = reader.TryGetUInt32(StunAttributeType.Lifetime, out uint l) ? l : 600;
        _refreshTimer?.Dispose();
        _refreshTimer = _scheduler.Schedule(TimeSpan.FromSeconds(Math.Max(30, (long)lifetime - 60)), () =>
        {
            _refreshTimer = null;
            if (!IsDisposed)
            {
                SendRefresh(600);
            }
        });
    }
}
