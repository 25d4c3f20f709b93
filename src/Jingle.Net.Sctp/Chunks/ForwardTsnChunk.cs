using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>
/// FORWARD TSN (RFC 3758 §3.2): moves the receiver's cumulative TSN past abandoned chunks, with the largest skipped
/// SSN of each ordered stream concerned.
/// </summary>
internal sealed class ForwardTsnChunk(uint newCumulativeTsn, IReadOnlyList<ForwardTsnChunk.SkippedStream> skipped) : SctpChunk
{
    /// <summary>A stream and its largest skipped SSN.</summary>
    internal readonly record struct SkippedStream(ushort StreamId, ushort Ssn);

    public uint NewCumulativeTsn { get; } = newCumulativeTsn;

    public IReadOnlyList<SkippedStream> Skipped { get; } = skipped;

    public override ChunkType Type => ChunkType.ForwardTsn;

    public static bool TryParse(ReadOnlySpan<byte> value, out ForwardTsnChunk? chunk)
    {
        chunk = null;
        if (value.Length < 4 || (value.Length - 4) % 4 != 0)
        {
            return false;
        }

        var skipped = new SkippedStream[(value.Length - 4) / 4];
        for (int i = 0; i < skipped.Length; i++)
        {
            int o = 4 + (4 * i);
            skipped[i] = new SkippedStream(BinaryPrimitives.ReadUInt16BigEndian(value[o..]), BinaryPrimitives.ReadUInt16BigEndian(value[(o + 2)..]));
        }

        chunk = new ForwardTsnChunk(BinaryPrimitives.ReadUInt32BigEndian(value), skipped);
        return true;
    }

    protected override int GetValueLength() => 4 + (4 * Skipped.Count);

    protected override void WriteValue(Span<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(value, NewCumulativeTsn);
        for (int i = 0; i < Skipped.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(4 + (4 * i))..], Skipped[i].StreamId);
            BinaryPrimitives.WriteUInt16BigEndian(value[(6 + (4 * i))..], Skipped[i].Ssn);
        }
    }
}
