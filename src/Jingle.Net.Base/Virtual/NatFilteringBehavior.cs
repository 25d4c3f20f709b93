namespace Jingle.Net.Base.Virtual;

/// <summary>Which inbound packets a NAT lets through an existing mapping (RFC 4787 §5).</summary>
public enum NatFilteringBehavior
{
    /// <summary>Any external endpoint may send to the mapping (RFC 4787 §5, "full cone").</summary>
    EndpointIndependent,

    /// <summary>Only IP addresses the internal endpoint has sent to may send to the mapping (REQ-8 recommended).</summary>
    AddressDependent,

    /// <summary>Only IP address and port pairs the internal endpoint has sent to may send to the mapping.</summary>
    AddressAndPortDependent,
}
