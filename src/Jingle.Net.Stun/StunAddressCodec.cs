using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Jingle.Net.Stun;

/// <summary>
/// Encoding of the address attributes (RFC 8489 §14.1, §14.2): a reserved byte, the family (1 = IPv4, 2 = IPv6),
/// the port and the address; the XOR form XORs the port with the cookie's top 16 bits and the address with the
/// cookie (IPv4) or the cookie and transaction id (IPv6), read from the message header.
/// </summary>
internal static class StunAddressCodec
{
    public const byte FamilyIPv4 = 0x01;
    public const byte FamilyIPv6 = 0x02;

    public static int GetLength(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 20 : 8;

    /// <summary>Reads an address value; XOR-decodes it when <paramref name="header"/> is not empty.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, ReadOnlySpan<byte> header, out IPEndPoint? endPoint)
    {
        endPoint = null;
        Span<byte> address = stackalloc byte[16];
        if (!TryRead(value, header, address, out int addressLength, out ushort port))
        {
            return false;
        }

        endPoint = new IPEndPoint(new IPAddress(address[..addressLength]), port);
        return true;
    }

    /// <summary>Allocation-free form: the raw address bytes (4 or 16) and the port.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, ReadOnlySpan<byte> header, Span<byte> address, out int addressLength, out ushort port)
    {
        addressLength = 0;
        port = 0;
        if (value.Length < 4)
        {
            return false;
        }

        byte family = value[1];
        int length = family switch
        {
            FamilyIPv4 => 4,
            FamilyIPv6 => 16,
            _ => -1,
        };
        if (length < 0 || value.Length != 4 + length || address.Length < length)
        {
            return false;
        }

        port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        value.Slice(4, length).CopyTo(address);
        if (!header.IsEmpty)
        {
            port ^= (ushort)((header[4] << 8) | header[5]);
            for (int i = 0; i < length; i++)
            {
                address[i] ^= header[4 + i];
            }
        }

        addressLength = length;
        return true;
    }

    /// <summary>Writes an address value; XOR-encodes it when <paramref name="header"/> is not empty.</summary>
    public static int Write(Span<byte> destination, IPAddress address, int port, ReadOnlySpan<byte> header)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        int length = v6 ? 16 : 4;
        destination[0] = 0;
        destination[1] = v6 ? FamilyIPv6 : FamilyIPv4;
        ushort p = (ushort)port;
        Span<byte> bytes = destination.Slice(4, length);
        if (!address.TryWriteBytes(bytes, out _))
        {
            throw new ArgumentException("Unsupported address.", nameof(address));
        }

        if (!header.IsEmpty)
        {
            p ^= (ushort)((header[4] << 8) | header[5]);
            for (int i = 0; i < length; i++)
            {
                bytes[i] ^= header[4 + i];
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], p);
        return 4 + length;
    }
}
