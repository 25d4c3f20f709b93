using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>Bounds-checked big-endian reads that fail with <see cref="RtpParseException"/>, never an index error.</summary>
internal ref struct RtcpReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _what;

    public RtcpReader(ReadOnlySpan<byte> data, string what)
    {
        _data = data;
        _what = what;
        Offset = 0;
    }

    public int Offset { get; private set; }

    public readonly int Remaining => _data.Length - Offset;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint ReadUInt24() => (uint)((ReadUInt16() << 8) | ReadByte());

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new RtpParseException($"Malformed RTCP {_what}: truncated");
        }

        ReadOnlySpan<byte> span = _data.Slice(Offset, count);
        Offset += count;
        return span;
    }

    public readonly ReadOnlySpan<byte> Rest => _data[Offset..];

    public void Skip(int count) => Take(count);
}
