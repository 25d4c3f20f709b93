using System.Net;

namespace Jingle.Net.Base.Virtual;

/// <summary>
/// A router between an inside realm (its hosts) and the outside (the internet or a parent router's inside). With
/// <see cref="NatBehavior.Translates"/> it is a NAT per RFC 4787: outbound packets get the external address
/// <see cref="PublicAddress"/> and a mapped port (§4.1 mapping behaviour, §4.2 port assignment, §4.3 timeout); inbound
/// packets reach an inside endpoint only through a live mapping that the filtering behaviour allows (§5).
/// Create one with <see cref="VirtualNetwork.AddNat(string, IPAddress, NatType, VirtualRouter?)"/>.
/// </summary>
public sealed class VirtualRouter
{
    private const int FirstExternalPort = 20000;
    private const int LastExternalPort = 65535;
    private readonly VirtualNetwork _network;
    private readonly Dictionary<NatMappingKey, NatMapping> _mappings = [];
    private readonly Dictionary<(VirtualProtocol Protocol, int Port), NatMapping> _byPort = [];
    private int _nextPort = FirstExternalPort;

    internal VirtualRouter(VirtualNetwork network, string name, IPAddress publicAddress, NatBehavior behavior, Realm parentRealm)
    {
        _network = network;
        Name = name;
        PublicAddress = publicAddress;
        Behavior = behavior;
        ParentRealm = parentRealm;
        Inside = new Realm(this);
    }

    /// <summary>The router's name (for logs and traces).</summary>
    public string Name { get; }

    /// <summary>The external address (RFC 4787's "external IP address").</summary>
    public IPAddress PublicAddress { get; }

    /// <summary>Mapping, filtering, timeout and hairpinning behaviour.</summary>
    public NatBehavior Behavior { get; }

    /// <summary>The router on the outside, or null when the outside is the internet.</summary>
    public VirtualRouter? Parent => ParentRealm.Router;

    /// <summary>Live (not yet timed out) UDP and TCP mappings.</summary>
    public int MappingCount
    {
        get
        {
            lock (_network.Sync)
            {
                long now = _network.NowTicks;
                return _mappings.Values.Count(m => !IsExpired(m, now));
            }
        }
    }

    internal Realm Inside { get; }

    internal Realm ParentRealm { get; }

    internal bool Translates => Behavior.Translates;

    /// <summary>True when this router lies on the way out of <paramref name="realm"/>.</summary>
    internal bool IsOnPathOutOf(Realm realm)
    {
        for (VirtualRouter? r = realm.Router; r is not null; r = r.Parent)
        {
            if (r == this)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Finds or creates the mapping for an outbound packet (RFC 4787 §4.1) and records the destination for filtering.
    /// Returns the translated source.
    /// </summary>
    internal IPEndPoint TranslateOutboundLocked(VirtualProtocol protocol, IPEndPoint source, IPEndPoint destination, long now)
    {
        NatMappingKey key = Behavior.Mapping switch
        {
            NatMappingBehavior.EndpointIndependent => new NatMappingKey(protocol, source, null, 0),
            NatMappingBehavior.AddressDependent => new NatMappingKey(protocol, source, destination.Address, 0),
            _ => new NatMappingKey(protocol, source, destination.Address, destination.Port),
        };
        if (_mappings.TryGetValue(key, out NatMapping? mapping) && IsExpired(mapping, now))
        {
            Remove(mapping);
            mapping = null;
        }

        if (mapping is null)
        {
            int port = AllocatePortLocked(protocol, source.Port, now);
            mapping = new NatMapping(key, new IPEndPoint(PublicAddress, port), now);
            _mappings[key] = mapping;
            _byPort[(protocol, port)] = mapping;
            BaseLog.NatMappingCreated(_network.Logger, Name, protocol.ToString(), source, mapping.External, destination);
        }

        mapping.LastActive = now;
        mapping.PermittedAddresses.Add(destination.Address);
        if (!mapping.PermittedEndPoints.Contains(destination))
        {
            // A private copy: IPEndPoint is mutable and the caller's instance must not corrupt the set.
            mapping.PermittedEndPoints.Add(new IPEndPoint(destination.Address, destination.Port));
        }
        return mapping.External;
    }

    /// <summary>Looks up the mapping for an inbound packet and applies the filtering behaviour (RFC 4787 §5).</summary>
    internal bool TryTranslateInboundLocked(VirtualProtocol protocol, IPEndPoint source, int port, long now,
        out IPEndPoint inside, out VirtualDropReason reason)
    {
        inside = null!;
        if (!_byPort.TryGetValue((protocol, port), out NatMapping? mapping) || IsExpired(mapping, now))
        {
            if (mapping is not null)
            {
                Remove(mapping);
            }

            reason = VirtualDropReason.NoMapping;
            return false;
        }

        bool allowed = Behavior.Filtering switch
        {
            NatFilteringBehavior.EndpointIndependent => true,
            NatFilteringBehavior.AddressDependent => mapping.PermittedAddresses.Contains(source.Address),
            _ => mapping.PermittedEndPoints.Contains(source),
        };
        if (!allowed)
        {
            reason = VirtualDropReason.Filtered;
            return false;
        }

        if (Behavior.InboundRefresh)
        {
            mapping.LastActive = now;
        }

        inside = mapping.Internal;
        reason = default;
        return true;
    }

    private bool IsExpired(NatMapping mapping, long now) => now - mapping.LastActive > Behavior.MappingTimeout.Ticks;

    private void Remove(NatMapping mapping)
    {
        _mappings.Remove(mapping.Key);
        _byPort.Remove((mapping.Key.Protocol, mapping.ExternalPort));
    }

    private int AllocatePortLocked(VirtualProtocol protocol, int internalPort, long now)
    {
        if (Behavior.PortPreservation && IsFree(protocol, internalPort, now))
        {
            return internalPort;
        }

        for (int attempt = 0; attempt <= LastExternalPort - FirstExternalPort; attempt++)
        {
            int port = _nextPort;
            _nextPort = port == LastExternalPort ? FirstExternalPort : port + 1;
            if (IsFree(protocol, port, now))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"NAT '{Name}' has no free external port.");
    }

    private bool IsFree(VirtualProtocol protocol, int port, long now)
    {
        if (port <= 0 || !_byPort.TryGetValue((protocol, port), out NatMapping? existing))
        {
            return port > 0;
        }

        if (IsExpired(existing, now))
        {
            Remove(existing);
            return true;
        }

        return false;
    }

    public override string ToString() => $"{Name} ({PublicAddress}, {Behavior.Mapping}/{Behavior.Filtering})";
}
