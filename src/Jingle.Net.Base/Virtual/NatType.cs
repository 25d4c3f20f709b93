namespace Jingle.Net.Base.Virtual;

/// <summary>
/// Classic NAT presets (the RFC 3489 names), each a combination of the RFC 4787 mapping and filtering behaviours.
/// See <see cref="NatBehavior.FromType(NatType)"/> for the exact combination.
/// </summary>
public enum NatType
{
    /// <summary>No translation and no filtering: hosts behind it are reachable at their own addresses.</summary>
    Open,

    /// <summary>Endpoint-independent mapping and filtering (RFC 4787 §4.1, §5).</summary>
    FullCone,

    /// <summary>Endpoint-independent mapping, address-dependent filtering ("address-restricted cone").</summary>
    RestrictedCone,

    /// <summary>Endpoint-independent mapping, address-and-port-dependent filtering.</summary>
    PortRestrictedCone,

    /// <summary>Address-and-port-dependent mapping and filtering: a new mapping per destination (RFC 4787 §4.1).</summary>
    Symmetric,

    /// <summary>A firewall that drops all UDP in both directions; TCP passes (through a port-restricted NAT).</summary>
    UdpBlocked,
}
