namespace Jingle.Net.Stun.Client;

/// <summary>NAT mapping behaviour (RFC 4787 §4.1, discovered per RFC 5780 §4.3).</summary>
public enum NatMappingBehavior
{
    /// <summary>Not determined (the server has no alternate address, or tests failed).</summary>
    Unknown,

    /// <summary>The mapped address is the local address: no NAT.</summary>
    NoNat,

    /// <summary>Endpoint-independent mapping.</summary>
    EndpointIndependent,

    /// <summary>Address-dependent mapping.</summary>
    AddressDependent,

    /// <summary>Address- and port-dependent mapping (symmetric NAT).</summary>
    AddressAndPortDependent,
}
