namespace Jingle.Net.Sctp.Chunks;

/// <summary>SHUTDOWN ACK (RFC 9260 §3.3.9): all data acknowledged, answer with SHUTDOWN COMPLETE.</summary>
internal sealed class ShutdownAckChunk : SctpChunk
{
    public static ShutdownAckChunk Instance { get; } = new();

    public override ChunkType Type => ChunkType.ShutdownAck;

    public static bool TryParse(ReadOnlySpan<byte> value, out ShutdownAckChunk? chunk)
    {
        chunk = value.IsEmpty ? Instance : null;
        return chunk is not null;
    }

    protected override int GetValueLength() => 0;

    protected override void WriteValue(Span<byte> value)
    {
    }
}
