using Jingle.Net.Sctp.Parameters;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>RE-CONFIG (RFC 6525 §3.1): one or two reconfiguration request/response parameters.</summary>
internal sealed class ReConfigChunk(IReadOnlyList<SctpParameter> parameters) : SctpChunk
{
    public IReadOnlyList<SctpParameter> Parameters { get; } = parameters;

    public override ChunkType Type => ChunkType.ReConfig;

    public static bool TryParse(ReadOnlySpan<byte> value, out ReConfigChunk? chunk)
    {
        var parameters = new List<SctpParameter>(2);
        chunk = SctpParameter.TryParseAll(value, parameters) && parameters.Count is 1 or 2 ? new ReConfigChunk(parameters) : null;
        return chunk is not null;
    }

    protected override int GetValueLength() => SctpParameter.GetSerializedLength(Parameters);

    protected override void WriteValue(Span<byte> value) => SctpParameter.TryWriteAll(Parameters, value, out _);
}
