using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>
/// One RTCP packet of a compound packet (RFC 3550 §6). Each type has its own class; two packets are equal when
/// they are of the same type and serialize to the same bytes.
/// </summary>
public abstract class RtcpPacket : IEquatable<RtcpPacket>
{
    /// <summary>Size of the common header: V/P/count, PT, length.</summary>
    public const int HeaderLength = 4;

    public abstract RtcpPacketType PacketType { get; }

    /// <summary>The 5-bit count / feedback message type (FMT) field.</summary>
    public abstract byte CountOrFormat { get; }

    /// <summary>Serialized size in bytes (a multiple of 4).</summary>
    public int GetSerializedLength() => HeaderLength + GetBodyLength();

    public bool TryWrite(Span<byte> destination, out int written)
    {
        int length = GetSerializedLength();
        written = 0;
        if (destination.Length < length)
        {
            return false;
        }

        destination[0] = (byte)(0x80 | (CountOrFormat & 0x1F));
        destination[1] = (byte)PacketType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
        Span<byte> body = destination[HeaderLength..length];
        body.Clear();
        WriteBody(body);
        written = length;
        return true;
    }

    public byte[] ToArray()
    {
        byte[] buffer = new byte[GetSerializedLength()];
        TryWrite(buffer, out _);
        return buffer;
    }

    public bool Equals(RtcpPacket? other) => other is not null && other.GetType() == GetType() && ToArray().AsSpan().SequenceEqual(other.ToArray());

    public override bool Equals(object? obj) => obj is RtcpPacket other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(PacketType, GetSerializedLength());

    /// <summary>Body length (after the 4-byte header), a multiple of 4.</summary>
    protected abstract int GetBodyLength();

    /// <summary>Writes the body into <paramref name="body"/> (exactly <see cref="GetBodyLength"/> bytes, zeroed).</summary>
    protected abstract void WriteBody(Span<byte> body);

    protected static int PadTo4(int length) => (length + 3) & ~3;
}
