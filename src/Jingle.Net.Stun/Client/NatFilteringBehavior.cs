namespace Jingle.Net.Stun.Client;

/// <summary>NAT filtering behaviour (RFC 4787 §5, discovered per RFC 5780 §4.4).</summary>
public enum NatFilteringBehavior
{
    /// <summary>Not determined.</summary>
    Unknown,

    /// <summary>Endpoint-independent filtering.</summary>
    EndpointIndependent,

    /// <summary>Address-dependent filtering.</summary>
    AddressDependent,

    /// <summary>Address- and port-dependent filtering.</summary>
    AddressAndPortDependent,
}
