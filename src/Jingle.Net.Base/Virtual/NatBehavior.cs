namespace Jingle.Net.Base.Virtual;

/// <summary>
/// What a <see cref="VirtualRouter"/> does to packets crossing it, in the terms of RFC 4787 ("NAT Behavioral
/// Requirements for Unicast UDP"). TCP crossing the same router gets the same mapping and filtering (RFC 5382 uses the
/// same terms), except that <see cref="BlocksUdp"/> leaves TCP alone.
/// </summary>
/// <param name="Mapping">How mappings are reused across destinations (RFC 4787 §4.1).</param>
/// <param name="Filtering">Which external endpoints may send in through a mapping (RFC 4787 §5).</param>
public sealed record NatBehavior(NatMappingBehavior Mapping, NatFilteringBehavior Filtering)
{
    /// <summary>
    /// False for a plain router with no address translation and no filtering: hosts behind it are addressed directly.
    /// </summary>
    public bool Translates { get; init; } = true;

    /// <summary>Drop every UDP packet in both directions (a firewall that allows only TCP).</summary>
    public bool BlocksUdp { get; init; }

    /// <summary>
    /// Whether an internal host may reach another internal host through its external address (RFC 4787 §6, REQ-9
    /// says a NAT MUST support it). The hairpinned packet carries the sender's external source (REQ-9 b).
    /// </summary>
    public bool Hairpinning { get; init; } = true;

    /// <summary>
    /// Idle time after which a mapping is removed (RFC 4787 §4.3: REQ-5 asks for at least 2 minutes, the default).
    /// </summary>
    public TimeSpan MappingTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether inbound packets also refresh a mapping's idle timer (RFC 4787 §4.3, REQ-6 only requires outbound).
    /// </summary>
    public bool InboundRefresh { get; init; }

    /// <summary>
    /// Try to keep the internal port as the external port (RFC 4787 §4.2.1 "port preservation"); when it is taken, the
    /// next free port is used. Off by default: external ports are handed out in order from 20000.
    /// </summary>
    public bool PortPreservation { get; init; }

    /// <summary>The behaviour of one of the classic presets.</summary>
    public static NatBehavior FromType(NatType type) => type switch
    {
        NatType.Open => new NatBehavior(NatMappingBehavior.EndpointIndependent, NatFilteringBehavior.EndpointIndependent) { Translates = false },
        NatType.FullCone => new NatBehavior(NatMappingBehavior.EndpointIndependent, NatFilteringBehavior.EndpointIndependent),
        NatType.RestrictedCone => new NatBehavior(NatMappingBehavior.EndpointIndependent, NatFilteringBehavior.AddressDependent),
        NatType.PortRestrictedCone => new NatBehavior(NatMappingBehavior.EndpointIndependent, NatFilteringBehavior.AddressAndPortDependent),
        NatType.Symmetric => new NatBehavior(NatMappingBehavior.AddressAndPortDependent, NatFilteringBehavior.AddressAndPortDependent),
        NatType.UdpBlocked => new NatBehavior(NatMappingBehavior.EndpointIndependent, NatFilteringBehavior.AddressAndPortDependent) { BlocksUdp = true },
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown NAT type."),
    };
}
