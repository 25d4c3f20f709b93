using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Stun.Attributes;

namespace Jingle.Net.Stun.Turn.Server;

/// <summary>Client packets: authentication (RFC 8489 §9.2) and the TURN methods (RFC 8656 §7–§12).</summary>
public sealed partial class TurnServer
{
    private void HandleClientPacket(ReadOnlySpan<byte> packet, TurnClientLink link)
    {
        if (TurnChannelData.IsChannelData(packet))
        {
            if (TurnChannelData.TryParse(packet, out ushort channel, out ReadOnlySpan<byte> data))
            {
                RelayChannelDataToPeer(link, channel, data);
            }
            else
            {
                Interlocked.Increment(ref Statistics._malformed);
            }

            return;
        }

        if (!StunMessageReader.TryParse(packet, out StunMessageReader reader, out _)
            || (reader.HasFingerprint && !reader.ValidateFingerprint()) || !reader.HasMagicCookie)
        {
            Interlocked.Increment(ref Statistics._malformed);
            return;
        }

        if (reader.Class == StunClass.Indication)
        {
            if (reader.Method == StunMethod.Send)
            {
                RelaySendIndication(link, reader);
            }

            return;
        }

        if (reader.Class != StunClass.Request)
        {
            return;
        }

        if (!StunMessage.TryCreate(reader, out StunMessage? request, out _))
        {
            Interlocked.Increment(ref Statistics._malformed);
            return;
        }

        bool fingerprint = reader.HasFingerprint;
        if (request.Type.Method == StunMethod.Binding)
        {
            Reply(link, request.CreateSuccessResponse(new XorMappedAddressAttribute(link.Remote)), null, fingerprint);
            return;
        }

        // Long-term credentials (RFC 8489 §9.2.4).
        if (!reader.HasMessageIntegrity)
        {
            Challenge(link, request, StunErrorCodes.Unauthenticated, fingerprint);
            return;
        }

        string? username = request.GetAttribute<UsernameAttribute>()?.Value;
        string? realm = request.GetAttribute<RealmAttribute>()?.Value;
        string? nonce = request.GetAttribute<NonceAttribute>()?.Value;
        if (username is null || realm is null || nonce is null)
        {
            Reply(link, request.CreateErrorResponse(StunErrorCodes.BadRequest), null, fingerprint);
            return;
        }

        if (!IsNonceValid(nonce))
        {
            Interlocked.Increment(ref Statistics._staleNonces);
            Challenge(link, request, StunErrorCodes.StaleNonce, fingerprint);
            return;
        }

        if (realm != _options.Realm || !_keys.TryGetValue(username, out StunIntegrityKey? key) || !reader.ValidateMessageIntegrity(key))
        {
            Challenge(link, request, StunErrorCodes.Unauthenticated, fingerprint);
            return;
        }

        Span<ushort> unknown = stackalloc ushort[16];
        int unknownCount = reader.GetUnknownComprehensionRequired(unknown);
        if (unknownCount > 0)
        {
            Reply(link, request.CreateUnknownAttributesResponse(unknown[..unknownCount].ToArray()), key, fingerprint);
            return;
        }

        StunMessage response = request.Type.Method switch
        {
            StunMethod.Allocate => Allocate(link, request, username),
            StunMethod.Refresh => Refresh(link, request, username),
            StunMethod.CreatePermission => CreatePermission(link, request, username),
            StunMethod.ChannelBind => ChannelBind(link, request, username),
            _ => request.CreateErrorResponse(StunErrorCodes.BadRequest),
        };
        if (response.ErrorCode is int code)
        {
            StunLog.TurnRequestRefused(_logger, request.Type.Method, link.Remote, code, StunErrorCodes.GetReasonPhrase(code));
        }

        Reply(link, response, key, fingerprint);
    }

    private void Challenge(TurnClientLink link, StunMessage request, int code, bool fingerprint)
    {
        if (code == StunErrorCodes.Unauthenticated)
        {
            Interlocked.Increment(ref Statistics._unauthenticated);
        }

        StunMessage response = request.CreateErrorResponse(code);
        response.Attributes.Add(new RealmAttribute(_options.Realm));
        response.Attributes.Add(new NonceAttribute(CreateNonce()));
        Reply(link, response, null, fingerprint);
    }

    private void Reply(TurnClientLink link, StunMessage response, StunIntegrityKey? key, bool fingerprint)
    {
        if (_options.Software is { } software)
        {
            response.Attributes.Add(new SoftwareAttribute(software));
        }

        link.Send(response.ToArray(new StunSecurity(key, Sha1: key is not null, Fingerprint: fingerprint)));
    }

    private string CreateNonce()
    {
        long expires = (long)(Now + _options.NonceLifetime).TotalMilliseconds;
        return expires.ToString("x", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(NonceMac(expires));
    }

    private bool IsNonceValid(string nonce)
    {
        int dash = nonce.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !long.TryParse(nonce.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long expires))
        {
            return false;
        }

        byte[] expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(NonceMac(expires)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(nonce[(dash + 1)..]))
            && expires > (long)Now.TotalMilliseconds;
    }

    private byte[] NonceMac(long expires)
    {
        Span<byte> data = stackalloc byte[8];
        BitConverter.TryWriteBytes(data, expires);
        return HMACSHA256.HashData(_nonceSecret, data)[..12];
    }

    private StunMessage Allocate(TurnClientLink link, StunMessage request, string username)
    {
        if (request.GetAttribute<RequestedTransportAttribute>() is not { } transport)
        {
            return request.CreateErrorResponse(StunErrorCodes.BadRequest);
        }

        if (transport.Protocol != 17)
        {
            return request.CreateErrorResponse(StunErrorCodes.UnsupportedTransportProtocol);
        }

        if (request.GetAttribute<RequestedAddressFamilyAttribute>() is { } family && family.Family != (_relayAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 2 : 1))
        {
            return request.CreateErrorResponse(StunErrorCodes.AddressFamilyNotSupported);
        }

        TimeSpan lifetime = GrantLifetime(request);
        lock (_lock)
        {
            if (_allocations.ContainsKey(link))
            {
                return request.CreateErrorResponse(StunErrorCodes.AllocationMismatch);
            }

            if (_allocations.Values.Count(a => a.Username == username) >= _options.MaxAllocationsPerUser)
            {
                return request.CreateErrorResponse(StunErrorCodes.AllocationQuotaReached);
            }

            if (_allocations.Count >= _options.MaxAllocations)
            {
                return request.CreateErrorResponse(StunErrorCodes.InsufficientCapacity);
            }

            IUdpSocket relay;
            try
            {
                relay = _environment.SocketFactory.BindUdp(_relayAddress, _options.MinRelayPort, _options.MaxRelayPort);
            }
            catch (System.Net.Sockets.SocketException)
            {
                return request.CreateErrorResponse(StunErrorCodes.InsufficientCapacity);
            }

            var allocation = new TurnAllocation(link, username, relay, Now + lifetime);
            _allocations[link] = allocation;
            relay.Start((_, packet, peer, _) => RelayPeerToClient(allocation, packet, peer));
            Interlocked.Increment(ref Statistics._allocations);
            StunLog.AllocationCreated(_logger, relay.LocalEndPoint, link.Remote, username);
            return request.CreateSuccessResponse(
                new XorRelayedAddressAttribute(relay.LocalEndPoint),
                new XorMappedAddressAttribute(link.Remote),
                new LifetimeAttribute((uint)lifetime.TotalSeconds));
        }
    }

    private TimeSpan GrantLifetime(StunMessage request)
    {
        TimeSpan requested = request.GetAttribute<LifetimeAttribute>() is { } lifetime
            ? TimeSpan.FromSeconds(lifetime.Value) : _options.DefaultLifetime;
        return requested > _options.MaxLifetime ? _options.MaxLifetime : requested;
    }

    private StunMessage Refresh(TurnClientLink link, StunMessage request, string username)
    {
        TimeSpan lifetime = GrantLifetime(request);
        TurnAllocation? removed = null;
        lock (_lock)
        {
            if (!_allocations.TryGetValue(link, out TurnAllocation? allocation))
            {
                return request.CreateErrorResponse(StunErrorCodes.AllocationMismatch);
            }

            if (allocation.Username != username)
            {
                return request.CreateErrorResponse(StunErrorCodes.WrongCredentials);
            }

            if (lifetime == TimeSpan.Zero)
            {
                _allocations.Remove(link);
                removed = allocation;
            }
            else
            {
                allocation.Expires = Now + lifetime;
            }
        }

        removed?.Relay.Dispose();
        return request.CreateSuccessResponse(new LifetimeAttribute((uint)lifetime.TotalSeconds));
    }

    private StunMessage CreatePermission(TurnClientLink link, StunMessage request, string username)
    {
        IPAddress[] peers = [.. request.Attributes.OfType<XorPeerAddressAttribute>().Select(a => Normalize(a.EndPoint.Address))];
        if (peers.Length == 0)
        {
            return request.CreateErrorResponse(StunErrorCodes.BadRequest);
        }

        lock (_lock)
        {
            if (!_allocations.TryGetValue(link, out TurnAllocation? allocation))
            {
                return request.CreateErrorResponse(StunErrorCodes.AllocationMismatch);
            }

            if (allocation.Username != username)
            {
                return request.CreateErrorResponse(StunErrorCodes.WrongCredentials);
            }

            if (peers.Any(p => !TurnPeerPolicy.IsAllowed(p, _options.AllowLoopbackPeers, _options.AllowPrivatePeers)))
            {
                Interlocked.Increment(ref Statistics._forbiddenPeers);
                return request.CreateErrorResponse(StunErrorCodes.Forbidden);
            }

            if (allocation.Permissions.Count + peers.Count(p => !allocation.Permissions.ContainsKey(p)) > _options.MaxPermissionsPerAllocation)
            {
                return request.CreateErrorResponse(StunErrorCodes.InsufficientCapacity);
            }

            foreach (IPAddress peer in peers)
            {
                allocation.Permissions[peer] = Now + PermissionLifetime;
            }
        }

        return request.CreateSuccessResponse();
    }

    private StunMessage ChannelBind(TurnClientLink link, StunMessage request, string username)
    {
        if (request.GetAttribute<ChannelNumberAttribute>() is not { } number || !TurnChannelData.IsValidChannel(number.Number)
            || request.GetAttribute<XorPeerAddressAttribute>() is not { } peerAttribute)
        {
            return request.CreateErrorResponse(StunErrorCodes.BadRequest);
        }

        var peer = new IPEndPoint(Normalize(peerAttribute.EndPoint.Address), peerAttribute.EndPoint.Port);
        lock (_lock)
        {
            if (!_allocations.TryGetValue(link, out TurnAllocation? allocation))
            {
                return request.CreateErrorResponse(StunErrorCodes.AllocationMismatch);
            }

            if (allocation.Username != username)
            {
                return request.CreateErrorResponse(StunErrorCodes.WrongCredentials);
            }

            if (!TurnPeerPolicy.IsAllowed(peer.Address, _options.AllowLoopbackPeers, _options.AllowPrivatePeers))
            {
                Interlocked.Increment(ref Statistics._forbiddenPeers);
                return request.CreateErrorResponse(StunErrorCodes.Forbidden);
            }

            bool channelTaken = allocation.Channels.TryGetValue(number.Number, out var bound) && !bound.Peer.Equals(peer);
            bool peerTaken = allocation.ChannelsByPeer.TryGetValue(peer, out ushort other) && other != number.Number;
            if (channelTaken || peerTaken || allocation.Channels.Count >= _options.MaxPermissionsPerAllocation)
            {
                return request.CreateErrorResponse(StunErrorCodes.BadRequest);
            }

            allocation.Channels[number.Number] = (peer, Now + ChannelLifetime);
            allocation.ChannelsByPeer[peer] = number.Number;
            allocation.Permissions[peer.Address] = Now + PermissionLifetime;
        }

        return request.CreateSuccessResponse();
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
