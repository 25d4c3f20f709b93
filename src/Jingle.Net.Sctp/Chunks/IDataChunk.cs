using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>
/// I-DATA (RFC 8260 §2.1): like DATA but with a 32-bit Message Identifier and a Fragment Sequence Number, so
/// messages of different streams may interleave. The PPID is only in the first fragment (FSN otherwise).
/// </summary>
internal readonly ref struct IDataChunk
{
    public const int HeaderLength = 20;

    public IDataChunk(uint tsn, ushort streamId, uint mid, uint ppidOrFsn, byte flags, ReadOnlySpan<byte> userData)
    {
        Tsn = tsn;
        StreamId = streamId;
        Mid = mid;
        PpidOrFsn = ppidOrFsn;
        Flags = flags;
        UserData = userData;
    }

    public uint Tsn { get; }

    public ushort StreamId { get; }

    /// <summary>Message Identifier.</summary>
    public uint Mid { get; }

    /// <summary>PPID when <see cref="IsBeginning"/>, else the Fragment Sequence Number.</summary>
    public uint PpidOrFsn { get; }

    public uint Fsn => IsBeginning ? 0 : PpidOrFsn;

    public byte Flags { get; }

    public bool IsBeginning => (Flags & DataChunk.FlagBeginning) != 0;

    public bool IsEnding => (Flags & DataChunk.FlagEnding) != 0;

    public bool IsUnordered => (Flags & DataChunk.FlagUnordered) != 0;

    public bool IsImmediate => (Flags & DataChunk.FlagImmediate) != 0;

    public ReadOnlySpan<byte> UserData { get; }

    public static bool TryParse(byte flags, ReadOnlySpan<byte> value, out IDataChunk chunk)
    {
        if (value.Length < HeaderLength - ChunkCodec.HeaderLength)
        {
            chunk = default;
            return false;
        }

        chunk = new IDataChunk(BinaryPrimitives.ReadUInt32BigEndian(value), BinaryPrimitives.ReadUInt16BigEndian(value[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(value[8..]), BinaryPrimitives.ReadUInt32BigEndian(value[12..]), (byte)(flags & 0x0F), value[16..]);
        return true;
    }

    public int GetSerializedLength() => ChunkCodec.Pad4(HeaderLength + UserData.Length);

    public bool TryWrite(Span<byte> destination, out int written) =>
        TryWrite(destination, Tsn, StreamId, Mid, PpidOrFsn, Flags, UserData, out written);

    public static bool TryWrite(Span<byte> destination, uint tsn, ushort streamId, uint mid, uint ppidOrFsn, byte flags, ReadOnlySpan<byte> userData, out int written)
    {
        if (!ChunkCodec.TryWriteHeader(destination, ChunkType.IData, flags, HeaderLength - ChunkCodec.HeaderLength + userData.Length, out written))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], tsn);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], streamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], mid);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], ppidOrFsn);
        userData.CopyTo(destination[HeaderLength..]);
        return true;
    }
}
