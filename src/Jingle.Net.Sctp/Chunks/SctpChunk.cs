namespace Jingle.Net.Sctp.Chunks;

/// <summary>
/// A control chunk (everything but DATA, I-DATA and SACK, which have allocation-free ref-struct codecs). Each
/// concrete chunk lives in its own file with a static <c>TryParse(flags, value, out chunk)</c>.
/// </summary>
internal abstract class SctpChunk
{
    public abstract ChunkType Type { get; }

    /// <summary>The padded length on the wire, header included.</summary>
    public int GetSerializedLength() => ChunkCodec.Pad4(ChunkCodec.HeaderLength + GetValueLength());

    /// <summary>Writes the chunk with its header and padding.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        int valueLength = GetValueLength();
        if (!ChunkCodec.TryWriteHeader(destination, Type, Flags, valueLength, out written))
        {
            return false;
        }

        WriteValue(destination.Slice(ChunkCodec.HeaderLength, valueLength));
        return true;
    }

    protected virtual byte Flags => 0;

    protected abstract int GetValueLength();

    protected abstract void WriteValue(Span<byte> value);

    /// <summary>The serialized form, for tests and diagnostics.</summary>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[GetSerializedLength()];
        TryWrite(bytes, out _);
        return bytes;
    }
}
