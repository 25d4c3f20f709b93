using System.Text;

namespace Jingle.Net.Ice.Ports;

/// <summary>What every port of one gathering session shares: the transport name, component and local ICE generation.</summary>
internal sealed record PortContext(string ContentName, int Component, IceParameters Parameters, int Generation)
{
    /// <summary>The local ufrag as bytes, to compare with a check's USERNAME without allocating.</summary>
    public byte[] UfragBytes { get; } = Encoding.UTF8.GetBytes(Parameters.Ufrag);

    /// <summary>The local password as the MESSAGE-INTEGRITY key (RFC 8489 §9.1.1).</summary>
    public byte[] IntegrityKey { get; } = Encoding.UTF8.GetBytes(Parameters.Password);
}
