using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>I-FORWARD-TSN (RFC 8260 §2.3): FORWARD TSN for I-DATA, naming stream, U flag and Message Identifier.</summary>
internal sealed class IForwardTsnChunk(uint newCumulativeTsn, IReadOnlyList<IForwardTsnChunk.SkippedMessage> skipped) : SctpChunk
{
    /// <summary>The largest skipped MID of one stream and ordering.</summary>
    internal readonly record struct SkippedMessage(ushort StreamId, bool Unordered, uint Mid);

    public uint NewCumulativeTsn { get; } = newCumulativeTsn;

    public IReadOnlyList<SkippedMessage> Skipped { get; } = skipped;

    public override ChunkType Type => ChunkType.IForwardTsn;

    public static bool TryParse(ReadOnlySpan<byte> value, out IForwardTsnChunk? chunk)
    {
        chunk = null;
        if (value.Length < 4 || (value.Length - 4) % 8 != 0)
        {
            return false;
        }

        var skipped = new SkippedMessage[(value.Length - 4) / 8];
        for (int i = 0; i < skipped.Length; i++)
        {
            int o = 4 + (8 * i);
            skipped[i] = new SkippedMessage(BinaryPrimitives.ReadUInt16BigEndian(value[o..]),
                (BinaryPrimitives.ReadUInt16BigEndian(value[(o + 2)..]) & 1) != 0, BinaryPrimitives.ReadUInt32BigEndian(value[(o + 4)..]));
        }

        chunk = new IForwardTsnChunk(BinaryPrimitives.ReadUInt32BigEndian(value), skipped);
        return true;
    }

    protected override int GetValueLength() => 4 + (8 * Skipped.Count);

    protected override void WriteValue(Span<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(value, NewCumulativeTsn);
        for (int i = 0; i < Skipped.Count; i++)
        {
            int o = 4 + (8 * i);
            BinaryPrimitives.WriteUInt16BigEndian(value[o..], Skipped[i].StreamId);
            BinaryPrimitives.WriteUInt16BigEndian(value[(o + 2)..], Skipped[i].Unordered ? (ushort)1 : (ushort)0);
            BinaryPrimitives.WriteUInt32BigEndian(value[(o + 4)..], Skipped[i].Mid);
        }
    }
}
