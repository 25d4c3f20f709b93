using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>An attribute holding a transport address in the clear (MAPPED-ADDRESS and its relatives).</summary>
public abstract record AddressAttribute(IPEndPoint EndPoint) : StunAttribute
{
    /// <inheritdoc />
    public override int GetValueLength() => StunAddressCodec.GetLength(EndPoint.Address.IsIPv4MappedToIPv6 ? System.Net.Sockets.AddressFamily.InterNetwork : EndPoint.AddressFamily);

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header) => StunAddressCodec.Write(destination, EndPoint.Address, EndPoint.Port, default);
}
