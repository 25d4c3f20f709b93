using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>SHUTDOWN (RFC 9260 §3.3.8): starts a graceful close; carries the sender's cumulative TSN ack.</summary>
internal sealed class ShutdownChunk(uint cumulativeTsnAck) : SctpChunk
{
    public uint CumulativeTsnAck { get; } = cumulativeTsnAck;

    public override ChunkType Type => ChunkType.Shutdown;

    public static bool TryParse(ReadOnlySpan<byte> value, out ShutdownChunk? chunk)
    {
        chunk = value.Length == 4 ? new ShutdownChunk(BinaryPrimitives.ReadUInt32BigEndian(value)) : null;
        return chunk is not null;
    }

    protected override int GetValueLength() => 4;

    protected override void WriteValue(Span<byte> value) => BinaryPrimitives.WriteUInt32BigEndian(value, CumulativeTsnAck);
}
