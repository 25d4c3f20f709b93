namespace Jingle.Net.Base.Virtual;

/// <summary>Transport protocol of a NAT mapping.</summary>
internal enum VirtualProtocol
{
    Udp,
    Tcp,
}
