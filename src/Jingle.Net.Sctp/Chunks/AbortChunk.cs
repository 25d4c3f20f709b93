namespace Jingle.Net.Sctp.Chunks;

/// <summary>ABORT (RFC 9260 §3.3.7): closes the association at once; T set when the tag is the sender's own.</summary>
internal sealed class AbortChunk(bool tagReflected, IReadOnlyList<ErrorCause> causes) : SctpChunk
{
    public bool TagReflected { get; } = tagReflected;

    public IReadOnlyList<ErrorCause> Causes { get; } = causes;

    public override ChunkType Type => ChunkType.Abort;

    protected override byte Flags => TagReflected ? (byte)1 : (byte)0;

    public static bool TryParse(byte flags, ReadOnlySpan<byte> value, out AbortChunk? chunk)
    {
        var causes = new List<ErrorCause>();
        chunk = ErrorCause.TryParseAll(value, causes) ? new AbortChunk((flags & 1) != 0, causes) : null;
        return chunk is not null;
    }

    protected override int GetValueLength() => ErrorCause.GetSerializedLength(Causes);

    protected override void WriteValue(Span<byte> value) => ErrorCause.WriteAll(Causes, value);
}
