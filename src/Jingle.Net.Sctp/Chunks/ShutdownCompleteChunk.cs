namespace Jingle.Net.Sctp.Chunks;

/// <summary>SHUTDOWN COMPLETE (RFC 9260 §3.3.13): the association is closed.</summary>
internal sealed class ShutdownCompleteChunk(bool tagReflected) : SctpChunk
{
    public bool TagReflected { get; } = tagReflected;

    public override ChunkType Type => ChunkType.ShutdownComplete;

    protected override byte Flags => TagReflected ? (byte)1 : (byte)0;

    public static bool TryParse(byte flags, ReadOnlySpan<byte> value, out ShutdownCompleteChunk? chunk)
    {
        chunk = value.IsEmpty ? new ShutdownCompleteChunk((flags & 1) != 0) : null;
        return chunk is not null;
    }

    protected override int GetValueLength() => 0;

    protected override void WriteValue(Span<byte> value)
    {
    }
}
