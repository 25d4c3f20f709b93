using Jingle.Net.Sctp.Parameters;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>INIT (RFC 9260 §3.3.2): starts an association.</summary>
internal sealed class InitChunk(uint initiateTag, uint advertisedReceiverWindow, ushort outboundStreams, ushort inboundStreams,
    uint initialTsn, IReadOnlyList<SctpParameter> parameters)
    : InitChunkBase(initiateTag, advertisedReceiverWindow, outboundStreams, inboundStreams, initialTsn, parameters)
{
    public override ChunkType Type => ChunkType.Init;

    public static bool TryParse(ReadOnlySpan<byte> value, out InitChunk? chunk)
    {
        chunk = TryParseFixed(value, out uint tag, out uint rwnd, out ushort os, out ushort mis, out uint tsn, out List<SctpParameter> p)
            ? new InitChunk(tag, rwnd, os, mis, tsn, p) : null;
        return chunk is not null;
    }
}
