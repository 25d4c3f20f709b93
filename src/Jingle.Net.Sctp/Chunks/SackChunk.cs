using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>
/// SACK (RFC 9260 §3.3.4): cumulative TSN ack, advertised receiver window, gap ack blocks and duplicate TSNs. A ref
/// struct reading the blocks straight from the packet, so receiving a SACK allocates nothing.
/// </summary>
internal readonly ref struct SackChunk
{
    private const int FixedLength = 12;
    private readonly ReadOnlySpan<byte> _gaps;
    private readonly ReadOnlySpan<byte> _dups;

    private SackChunk(uint cumulativeTsnAck, uint advertisedReceiverWindow, ReadOnlySpan<byte> gaps, ReadOnlySpan<byte> dups)
    {
        CumulativeTsnAck = cumulativeTsnAck;
        AdvertisedReceiverWindow = advertisedReceiverWindow;
        _gaps = gaps;
        _dups = dups;
    }

    public uint CumulativeTsnAck { get; }

    public uint AdvertisedReceiverWindow { get; }

    public int GapAckBlockCount => _gaps.Length / 4;

    public int DuplicateTsnCount => _dups.Length / 4;

    public GapAckBlock GetGapAckBlock(int index) =>
        new(BinaryPrimitives.ReadUInt16BigEndian(_gaps[(index * 4)..]), BinaryPrimitives.ReadUInt16BigEndian(_gaps[((index * 4) + 2)..]));

    public uint GetDuplicateTsn(int index) => BinaryPrimitives.ReadUInt32BigEndian(_dups[(index * 4)..]);

    public static bool TryParse(ReadOnlySpan<byte> value, out SackChunk chunk)
    {
        chunk = default;
        if (value.Length < FixedLength)
        {
            return false;
        }

        int gaps = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        int dups = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        if (value.Length != FixedLength + (4 * gaps) + (4 * dups))
        {
            return false;
        }

        chunk = new SackChunk(BinaryPrimitives.ReadUInt32BigEndian(value), BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            value.Slice(FixedLength, 4 * gaps), value.Slice(FixedLength + (4 * gaps), 4 * dups));
        return true;
    }

    public static int GetSerializedLength(int gapCount, int duplicateCount) => ChunkCodec.HeaderLength + FixedLength + (4 * gapCount) + (4 * duplicateCount);

    public static bool TryWrite(Span<byte> destination, uint cumulativeTsnAck, uint advertisedReceiverWindow,
        ReadOnlySpan<GapAckBlock> gaps, ReadOnlySpan<uint> duplicates, out int written)
    {
        if (!ChunkCodec.TryWriteHeader(destination, ChunkType.Sack, 0, FixedLength + (4 * gaps.Length) + (4 * duplicates.Length), out written))
        {
            return false;
        }

        Span<byte> v = destination[ChunkCodec.HeaderLength..];
        BinaryPrimitives.WriteUInt32BigEndian(v, cumulativeTsnAck);
        BinaryPrimitives.WriteUInt32BigEndian(v[4..], advertisedReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(v[8..], (ushort)gaps.Length);
        BinaryPrimitives.WriteUInt16BigEndian(v[10..], (ushort)duplicates.Length);
        int offset = FixedLength;
        foreach (GapAckBlock gap in gaps)
        {
            BinaryPrimitives.WriteUInt16BigEndian(v[offset..], gap.Start);
            BinaryPrimitives.WriteUInt16BigEndian(v[(offset + 2)..], gap.End);
            offset += 4;
        }

        foreach (uint dup in duplicates)
        {
            BinaryPrimitives.WriteUInt32BigEndian(v[offset..], dup);
            offset += 4;
        }

        return true;
    }
}
