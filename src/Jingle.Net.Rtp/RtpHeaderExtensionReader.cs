namespace Jingle.Net.Rtp;

/// <summary>
/// Walks the elements of an RTP header extension block in the one-byte (profile 0xBEDE) or two-byte (profile
/// 0x100X) form of RFC 8285 §4.2–4.3, skipping padding bytes. Any other profile yields no elements.
/// Malformed data ends the walk; <see cref="IsMalformed"/> tells.
/// </summary>
public ref struct RtpHeaderExtensionReader
{
    /// <summary>"defined by profile" value of the one-byte form.</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>"defined by profile" value of the two-byte form (the low 4 bits are app bits).</summary>
    public const ushort TwoByteProfile = 0x1000;

    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _oneByte;
    private readonly bool _twoByte;
    private int _offset;

    public RtpHeaderExtensionReader(ushort profile, ReadOnlySpan<byte> data)
    {
        _data = data;
        _oneByte = profile == OneByteProfile;
        _twoByte = (profile & 0xFFF0) == TwoByteProfile;
        _offset = 0;
        IsMalformed = false;
    }

    public bool IsMalformed { get; private set; }

    public bool TryRead(out byte id, out ReadOnlySpan<byte> value)
    {
        id = 0;
        value = default;
        if (!_oneByte && !_twoByte)
        {
            return false;
        }

        while (_offset < _data.Length)
        {
            byte first = _data[_offset];
            if (first == 0)
            {
                _offset++; // padding
                continue;
            }

            int length;
            int start;
            if (_oneByte)
            {
                id = (byte)(first >> 4);
                if (id == 15)
                {
                    _offset = _data.Length; // RFC 8285 §4.2: stop processing
                    return false;
                }

                length = (first & 0x0F) + 1;
                start = _offset + 1;
            }
            else
            {
                if (_offset + 2 > _data.Length)
                {
                    IsMalformed = true;
                    return false;
                }

                id = first;
                length = _data[_offset + 1];
                start = _offset + 2;
            }

            if (start + length > _data.Length)
            {
                IsMalformed = true;
                _offset = _data.Length;
                return false;
            }

            value = _data.Slice(start, length);
            _offset = start + length;
            return true;
        }

        return false;
    }
}
