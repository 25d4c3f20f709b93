using System.Net;

namespace Jingle.Net.Stun.Attributes;

/// <summary>An attribute holding a transport address XORed with the cookie and transaction id (RFC 8489 §14.2).</summary>
public abstract record XorAddressAttribute(IPEndPoint EndPoint) : StunAttribute
{
    /// <inheritdoc />
    public override int GetValueLength() => StunAddressCodec.GetLength(EndPoint.Address.IsIPv4MappedToIPv6 ? System.Net.Sockets.AddressFamily.InterNetwork : EndPoint.AddressFamily);

    /// <inheritdoc />
    public override void WriteValue(Span<byte> destination, ReadOnlySpan<byte> header) => StunAddressCodec.Write(destination, EndPoint.Address, EndPoint.Port, header);
}
