using System.Buffers.Binary;

namespace Jingle.Net.Stun.Turn;

/// <summary>
/// TURN ChannelData messages (RFC 8656 §12.4): a 2-byte channel number (0x4000–0x4FFF), a 2-byte length and the
/// application data; padded to a multiple of 4 on TCP/TLS (§12.5), optionally on UDP.
/// </summary>
public static class TurnChannelData
{
    /// <summary>Lowest channel number.</summary>
    public const ushort MinChannel = 0x4000;

    /// <summary>Highest channel number a client picks (RFC 8656).</summary>
    public const ushort MaxChannel = 0x4FFF;

    /// <summary>Highest channel number accepted from others (RFC 5766 allowed up to 0x7FFE; coturn's tools use it).</summary>
    public const ushort MaxAcceptedChannel = 0x7FFE;

    /// <summary>Header length.</summary>
    public const int HeaderLength = 4;

    /// <summary>True when <paramref name="channel"/> is a valid channel number (0x4000–0x7FFE, RFC 5766 range).</summary>
    public static bool IsValidChannel(int channel) => channel is >= MinChannel and <= MaxAcceptedChannel;

    /// <summary>Quick check: starts with a channel number (first two bits 01).</summary>
    public static bool IsChannelData(ReadOnlySpan<byte> packet) => packet.Length >= HeaderLength && packet[0] is >= 0x40 and <= 0x7F;

    /// <summary>Bytes a ChannelData message takes (with padding when <paramref name="padded"/>).</summary>
    public static int GetLength(int dataLength, bool padded) => HeaderLength + (padded ? (dataLength + 3) & ~3 : dataLength);

    /// <summary>Writes a ChannelData message; false when <paramref name="destination"/> is too small.</summary>
    public static bool TryWrite(Span<byte> destination, ushort channel, ReadOnlySpan<byte> data, bool padded, out int written)
    {
        written = GetLength(data.Length, padded);
        if (!IsValidChannel(channel) || data.Length > ushort.MaxValue || destination.Length < written)
        {
            written = 0;
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, channel);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)data.Length);
        data.CopyTo(destination[HeaderLength..]);
        destination[(HeaderLength + data.Length)..written].Clear();
        return true;
    }

    /// <summary>Parses a ChannelData message (trailing padding allowed).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out ushort channel, out ReadOnlySpan<byte> data)
    {
        channel = 0;
        data = default;
        if (!IsChannelData(packet))
        {
            return false;
        }

        channel = BinaryPrimitives.ReadUInt16BigEndian(packet);
        int length = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (packet.Length < HeaderLength + length || packet.Length > HeaderLength + ((length + 3) & ~3))
        {
            return false;
        }

        data = packet.Slice(HeaderLength, length);
        return true;
    }
}
