using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>The chunk header (RFC 9260 §3.2): type, flags, length (without padding); value padded to 4 bytes.</summary>
internal static class ChunkCodec
{
    public const int HeaderLength = 4;

    /// <summary>Rounds up to a multiple of 4.</summary>
    public static int Pad4(int length) => (length + 3) & ~3;

    /// <summary>
    /// Writes a chunk header for a value of <paramref name="valueLength"/> bytes and zeroes the padding. Returns
    /// false when the padded chunk does not fit.
    /// </summary>
    public static bool TryWriteHeader(Span<byte> destination, ChunkType type, byte flags, int valueLength, out int paddedLength)
    {
        int length = HeaderLength + valueLength;
        paddedLength = Pad4(length);
        if (length > ushort.MaxValue || destination.Length < paddedLength)
        {
            paddedLength = 0;
            return false;
        }

        destination[0] = (byte)type;
        destination[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
        destination[length..paddedLength].Clear();
        return true;
    }

    /// <summary>Writes a chunk whose value is <paramref name="value"/>.</summary>
    public static bool TryWriteSimple(Span<byte> destination, ChunkType type, byte flags, ReadOnlySpan<byte> value, out int written)
    {
        if (!TryWriteHeader(destination, type, flags, value.Length, out written))
        {
            return false;
        }

        value.CopyTo(destination[HeaderLength..]);
        return true;
    }
}
