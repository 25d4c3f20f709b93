using Jingle.Net.Sctp.Chunks;

namespace Jingle.Net.Sctp.Packet;

/// <summary>One chunk inside a received packet: its header fields and its value (without padding).</summary>
internal readonly ref struct SctpChunkView
{
    public SctpChunkView(byte type, byte flags, ReadOnlySpan<byte> value)
    {
        RawType = type;
        Flags = flags;
        Value = value;
    }

    public byte RawType { get; }

    public ChunkType Type => (ChunkType)RawType;

    public byte Flags { get; }

    public ReadOnlySpan<byte> Value { get; }
}
