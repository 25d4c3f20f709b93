using Jingle.Net.Sctp.Parameters;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>HEARTBEAT (RFC 9260 §3.3.5): a Heartbeat Info parameter the peer echoes back.</summary>
internal sealed class HeartbeatRequestChunk(HeartbeatInfoParameter info) : SctpChunk
{
    public HeartbeatInfoParameter Info { get; } = info;

    public override ChunkType Type => ChunkType.Heartbeat;

    public static bool TryParse(ReadOnlySpan<byte> value, out HeartbeatRequestChunk? chunk)
    {
        chunk = HeartbeatCodec.TryParseInfo(value, out HeartbeatInfoParameter? info) ? new HeartbeatRequestChunk(info!) : null;
        return chunk is not null;
    }

    protected override int GetValueLength() => Info.GetSerializedLength();

    protected override void WriteValue(Span<byte> value) => Info.TryWrite(value, out _);
}
