namespace Jingle.Net.Sctp.Chunks;

/// <summary>COOKIE ACK (RFC 9260 §3.3.12): the cookie was accepted; the association is established.</summary>
internal sealed class CookieAckChunk : SctpChunk
{
    public static CookieAckChunk Instance { get; } = new();

    public override ChunkType Type => ChunkType.CookieAck;

    public static bool TryParse(ReadOnlySpan<byte> value, out CookieAckChunk? chunk)
    {
        chunk = value.IsEmpty ? Instance : null;
        return chunk is not null;
    }

    protected override int GetValueLength() => 0;

    protected override void WriteValue(Span<byte> value)
    {
    }
}
