namespace Jingle.Net.Base.Virtual;

/// <summary>
/// An in-process network of hosts and NAT routers on an injected clock. Being built: see issue 2.
/// </summary>
public sealed class VirtualNetwork
{
}
