using System.Buffers.Binary;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// RFC 4571 framing of packets on a TCP stream: each packet is preceded by a 16-bit big-endian length.
/// (STUN/TURN over TCP frame themselves instead; see RFC 8489 §6.2.2 and RFC 8656 §11.)
/// </summary>
public static class Rfc4571Framing
{
    /// <summary>Largest packet a frame can carry.</summary>
    public const int MaxPacketSize = ushort.MaxValue;

    /// <summary>Bytes a framed packet takes.</summary>
    public static int GetFramedLength(int packetLength) => packetLength + 2;

    /// <summary>Writes the length prefix and the packet into <paramref name="destination"/>.</summary>
    public static bool TryWriteFrame(ReadOnlySpan<byte> packet, Span<byte> destination, out int written)
    {
        written = 0;
        if (packet.Length > MaxPacketSize || destination.Length < packet.Length + 2)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)packet.Length);
        packet.CopyTo(destination[2..]);
        written = packet.Length + 2;
        return true;
    }
}

/// <summary>
/// Sans-I/O RFC 4571 deframer: feed it stream bytes in any chunking; it hands out whole packets in order.
/// Holds at most one partial frame (≤ 64 KiB + 2).
/// </summary>
public sealed class Rfc4571Deframer
{
    private readonly byte[] _pending = new byte[Rfc4571Framing.MaxPacketSize + 2];
    private int _pendingLength;

    /// <summary>Bytes held waiting for the rest of a frame.</summary>
    public int BufferedBytes => _pendingLength;

    /// <summary>Consumes <paramref name="data"/>, calling <paramref name="onPacket"/> for every completed packet.</summary>
    public void Feed<TState>(ReadOnlySpan<byte> data, TState state, PacketCallback<TState> onPacket)
    {
        ArgumentNullException.ThrowIfNull(onPacket);
        while (!data.IsEmpty)
        {
            if (_pendingLength == 0 && data.Length >= 2)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(data);
                if (data.Length >= length + 2)
                {
                    onPacket(state, data.Slice(2, length));
                    data = data[(length + 2)..];
                    continue;
                }
            }

            int need = _pendingLength < 2 ? 2 - _pendingLength : BinaryPrimitives.ReadUInt16BigEndian(_pending) + 2 - _pendingLength;
            int take = Math.Min(need, data.Length);
            data[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength >= 2)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(_pending);
                if (_pendingLength == length + 2)
                {
                    _pendingLength = 0;
                    onPacket(state, _pending.AsSpan(2, length));
                }
            }
        }
    }

    /// <summary>Receives one deframed packet; the span is valid only during the call.</summary>
    public delegate void PacketCallback<in TState>(TState state, ReadOnlySpan<byte> packet);
}
