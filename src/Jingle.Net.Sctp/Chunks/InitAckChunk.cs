using Jingle.Net.Sctp.Parameters;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>INIT ACK (RFC 9260 §3.3.3): answers INIT and carries the State Cookie.</summary>
internal sealed class InitAckChunk(uint initiateTag, uint advertisedReceiverWindow, ushort outboundStreams, ushort inboundStreams,
    uint initialTsn, IReadOnlyList<SctpParameter> parameters)
    : InitChunkBase(initiateTag, advertisedReceiverWindow, outboundStreams, inboundStreams, initialTsn, parameters)
{
    public override ChunkType Type => ChunkType.InitAck;

    public static bool TryParse(ReadOnlySpan<byte> value, out InitAckChunk? chunk)
    {
        chunk = TryParseFixed(value, out uint tag, out uint rwnd, out ushort os, out ushort mis, out uint tsn, out List<SctpParameter> p)
            ? new InitAckChunk(tag, rwnd, os, mis, tsn, p) : null;
        return chunk is not null;
    }
}
