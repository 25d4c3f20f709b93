using Jingle.Net.Sctp.Chunks;

namespace Jingle.Net.Sctp.Parameters;

/// <summary>Supported Extensions (RFC 5061 §4.2.7): the chunk types the sender understands.</summary>
internal sealed class SupportedExtensionsParameter(byte[] chunkTypes) : SctpParameter
{
    public byte[] ChunkTypes { get; } = chunkTypes;

    public override ParameterType Type => ParameterType.SupportedExtensions;

    public override int ValueLength => ChunkTypes.Length;

    public bool Supports(ChunkType type) => Array.IndexOf(ChunkTypes, (byte)type) >= 0;

    protected override void WriteValue(Span<byte> value) => ChunkTypes.CopyTo(value);
}
