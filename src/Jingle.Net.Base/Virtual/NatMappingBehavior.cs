namespace Jingle.Net.Base.Virtual;

/// <summary>How a NAT reuses an external mapping for an internal endpoint (RFC 4787 §4.1).</summary>
public enum NatMappingBehavior
{
    /// <summary>The same mapping for every destination (RFC 4787 §4.1, REQ-1).</summary>
    EndpointIndependent,

    /// <summary>The same mapping for destinations with the same IP address, whatever their port.</summary>
    AddressDependent,

    /// <summary>The same mapping only while the destination address and port stay the same ("symmetric").</summary>
    AddressAndPortDependent,
}
