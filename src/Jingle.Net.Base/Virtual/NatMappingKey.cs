using System.Net;

namespace Jingle.Net.Base.Virtual;

/// <summary>
/// What makes two outbound flows share a mapping (RFC 4787 §4.1): only the internal endpoint (endpoint-independent),
/// plus the destination address (address-dependent), plus the destination port (address-and-port-dependent).
/// </summary>
internal readonly record struct NatMappingKey(VirtualProtocol Protocol, IPEndPoint Internal, IPAddress? RemoteAddress, int RemotePort);
