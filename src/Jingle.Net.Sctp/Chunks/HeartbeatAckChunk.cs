using Jingle.Net.Sctp.Parameters;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>HEARTBEAT ACK (RFC 9260 §3.3.6): echoes the request's Heartbeat Info.</summary>
internal sealed class HeartbeatAckChunk(HeartbeatInfoParameter info) : SctpChunk
{
    public HeartbeatInfoParameter Info { get; } = info;

    public override ChunkType Type => ChunkType.HeartbeatAck;

    public static bool TryParse(ReadOnlySpan<byte> value, out HeartbeatAckChunk? chunk)
    {
        chunk = HeartbeatCodec.TryParseInfo(value, out HeartbeatInfoParameter? info) ? new HeartbeatAckChunk(info!) : null;
        return chunk is not null;
    }

    protected override int GetValueLength() => Info.GetSerializedLength();

    protected override void WriteValue(Span<byte> value) => Info.TryWrite(value, out _);
}
