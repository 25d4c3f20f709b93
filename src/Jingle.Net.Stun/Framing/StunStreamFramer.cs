using System.Buffers.Binary;

namespace Jingle.Net.Stun.Framing;

/// <summary>
/// Sans-I/O splitter of a STUN/TURN byte stream (TCP, TLS) into frames: STUN messages (20-byte header + length,
/// RFC 8489 §6.2.2) and TURN ChannelData messages (4-byte header + length, padded to 4 bytes on streams, RFC 8656
/// §12.5). Anything else cannot be resynchronized: <see cref="Feed"/> returns false and the connection should close.
/// </summary>
public sealed class StunStreamFramer
{
    private readonly byte[] _pending = new byte[StunConstants.MaxMessageLength + 4];
    private int _pendingLength;

    /// <summary>Bytes held for an incomplete frame.</summary>
    public int BufferedBytes => _pendingLength;

    /// <summary>True once garbage was seen; the stream is unusable.</summary>
    public bool IsFailed { get; private set; }

    /// <summary>Receives one frame; valid only during the call. For ChannelData the padding is removed.</summary>
    public delegate void FrameCallback<in TState>(TState state, ReadOnlySpan<byte> frame);

    /// <summary>Feeds stream bytes; calls <paramref name="onFrame"/> per complete frame. False on garbage.</summary>
    public bool Feed<TState>(ReadOnlySpan<byte> data, TState state, FrameCallback<TState> onFrame)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        if (IsFailed)
        {
            return false;
        }

        while (!data.IsEmpty)
        {
            if (_pendingLength == 0 && TryGetFrameLength(data, out int frameLength, out int payloadLength))
            {
                if (frameLength < 0)
                {
                    IsFailed = true;
                    return false;
                }

                if (data.Length >= frameLength)
                {
                    onFrame(state, data[..payloadLength]);
                    data = data[frameLength..];
                    continue;
                }
            }

            // Accumulate: first the 4 bytes that give the length, then the rest of the frame.
            int need;
            if (_pendingLength < 4)
            {
                need = 4 - _pendingLength;
            }
            else
            {
                TryGetFrameLength(_pending.AsSpan(0, _pendingLength), out int total, out _);
                need = total - _pendingLength;
            }

            int take = Math.Min(need, data.Length);
            data[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength >= 4 && TryGetFrameLength(_pending.AsSpan(0, _pendingLength), out int length, out int payload))
            {
                if (length < 0)
                {
                    IsFailed = true;
                    return false;
                }

                if (_pendingLength == length)
                {
                    _pendingLength = 0;
                    onFrame(state, _pending.AsSpan(0, payload));
                }
            }
        }

        return true;
    }

    /// <summary>Frame and payload length from the first 4 bytes; frameLength &lt; 0 for garbage.</summary>
    private static bool TryGetFrameLength(ReadOnlySpan<byte> data, out int frameLength, out int payloadLength)
    {
        frameLength = payloadLength = 0;
        if (data.Length < 4)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        switch (data[0] >> 6)
        {
            case 0:
                if ((length & 3) != 0)
                {
                    frameLength = -1;
                    return true;
                }

                frameLength = payloadLength = StunConstants.HeaderLength + length;
                return true;
            case 1: // channel numbers 0x4000-0x7FFF
                payloadLength = 4 + length;
                frameLength = 4 + ((length + 3) & ~3);
                return true;
            default:
                frameLength = -1;
                return true;
        }
    }
}
