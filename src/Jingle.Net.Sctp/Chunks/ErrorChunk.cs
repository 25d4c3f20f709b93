namespace Jingle.Net.Sctp.Chunks;

/// <summary>ERROR (RFC 9260 §3.3.10): reports conditions that do not end the association.</summary>
internal sealed class ErrorChunk(IReadOnlyList<ErrorCause> causes) : SctpChunk
{
    public IReadOnlyList<ErrorCause> Causes { get; } = causes;

    public override ChunkType Type => ChunkType.Error;

    public static bool TryParse(ReadOnlySpan<byte> value, out ErrorChunk? chunk)
    {
        var causes = new List<ErrorCause>();
        chunk = ErrorCause.TryParseAll(value, causes) ? new ErrorChunk(causes) : null;
        return chunk is not null;
    }

    protected override int GetValueLength() => ErrorCause.GetSerializedLength(Causes);

    protected override void WriteValue(Span<byte> value) => ErrorCause.WriteAll(Causes, value);
}
