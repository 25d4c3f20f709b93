using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>
/// DATA (RFC 9260 §3.3.1): TSN, stream, SSN, PPID and a user-data fragment. A ref struct over the received packet so
/// the hot path parses without allocating; <see cref="UserData"/> is valid only while the packet buffer is.
/// </summary>
internal readonly ref struct DataChunk
{
    public const int HeaderLength = 16;
    public const byte FlagEnding = 0x01;
    public const byte FlagBeginning = 0x02;
    public const byte FlagUnordered = 0x04;
    public const byte FlagImmediate = 0x08;

    public DataChunk(uint tsn, ushort streamId, ushort ssn, uint ppid, byte flags, ReadOnlySpan<byte> userData)
    {
        Tsn = tsn;
        StreamId = streamId;
        Ssn = ssn;
        Ppid = ppid;
        Flags = flags;
        UserData = userData;
    }

    public uint Tsn { get; }

    public ushort StreamId { get; }

    public ushort Ssn { get; }

    public uint Ppid { get; }

    public byte Flags { get; }

    public bool IsBeginning => (Flags & FlagBeginning) != 0;

    public bool IsEnding => (Flags & FlagEnding) != 0;

    public bool IsUnordered => (Flags & FlagUnordered) != 0;

    public bool IsImmediate => (Flags & FlagImmediate) != 0;

    public ReadOnlySpan<byte> UserData { get; }

    public static bool TryParse(byte flags, ReadOnlySpan<byte> value, out DataChunk chunk)
    {
        // A DATA chunk without user data is a protocol error (§6.2); the association reports it.
        if (value.Length < HeaderLength - ChunkCodec.HeaderLength)
        {
            chunk = default;
            return false;
        }

        chunk = new DataChunk(BinaryPrimitives.ReadUInt32BigEndian(value), BinaryPrimitives.ReadUInt16BigEndian(value[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(value[6..]), BinaryPrimitives.ReadUInt32BigEndian(value[8..]), (byte)(flags & 0x0F), value[12..]);
        return true;
    }

    public int GetSerializedLength() => ChunkCodec.Pad4(HeaderLength + UserData.Length);

    public bool TryWrite(Span<byte> destination, out int written) =>
        TryWrite(destination, Tsn, StreamId, Ssn, Ppid, Flags, UserData, out written);

    /// <summary>Writes a DATA chunk directly from its fields (the sender's hot path).</summary>
    public static bool TryWrite(Span<byte> destination, uint tsn, ushort streamId, ushort ssn, uint ppid, byte flags, ReadOnlySpan<byte> userData, out int written)
    {
        if (!ChunkCodec.TryWriteHeader(destination, ChunkType.Data, flags, HeaderLength - ChunkCodec.HeaderLength + userData.Length, out written))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], tsn);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], streamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], ssn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], ppid);
        userData.CopyTo(destination[HeaderLength..]);
        return true;
    }
}
