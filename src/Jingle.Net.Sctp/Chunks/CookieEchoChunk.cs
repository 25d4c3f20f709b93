namespace Jingle.Net.Sctp.Chunks;

/// <summary>COOKIE ECHO (RFC 9260 §3.3.11): returns the State Cookie from INIT ACK.</summary>
internal sealed class CookieEchoChunk(byte[] cookie) : SctpChunk
{
    public byte[] Cookie { get; } = cookie;

    public override ChunkType Type => ChunkType.CookieEcho;

    public static bool TryParse(ReadOnlySpan<byte> value, out CookieEchoChunk? chunk)
    {
        chunk = new CookieEchoChunk(value.ToArray());
        return true;
    }

    protected override int GetValueLength() => Cookie.Length;

    protected override void WriteValue(Span<byte> value) => Cookie.CopyTo(value);
}
