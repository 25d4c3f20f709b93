namespace Jingle.Net.Rtp.Srtp;

/// <summary>
/// The sliding replay list of RFC 3711 §3.3.2: a bitmap of the <see cref="Size"/> indices at and below the highest
/// authenticated index. <see cref="Check"/> runs before authentication, <see cref="Update"/> only after, so a
/// forged packet cannot move the window.
/// </summary>
internal sealed class SrtpReplayWindow
{
    private readonly ulong[] _bits;
    private long _highest = -1;

    public SrtpReplayWindow(int size)
    {
        if (size < 64 || size % 64 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The replay window is a multiple of 64 packets, at least 64.");
        }

        _bits = new ulong[size / 64];
        Size = size;
    }

    public int Size { get; }

    /// <summary>Highest index accepted so far, or -1.</summary>
    public long Highest => _highest;

    /// <summary>True if <paramref name="index"/> is new: above the window's top, or inside it and not yet seen.</summary>
    public bool Check(long index)
    {
        if (index < 0)
        {
            return false;
        }

        if (index > _highest)
        {
            return true;
        }

        if (_highest - index >= Size)
        {
            return false;
        }

        return (_bits[Slot(index)] & Bit(index)) == 0;
    }

    /// <summary>Marks <paramref name="index"/> as received (after it authenticated).</summary>
    public void Update(long index)
    {
        if (index > _highest)
        {
            long delta = _highest < 0 ? Size : index - _highest;
            if (delta >= Size)
            {
                Array.Clear(_bits);
            }
            else
            {
                for (long i = _highest + 1; i < index; i++)
                {
                    _bits[Slot(i)] &= ~Bit(i);
                }
            }

            _highest = index;
        }

        _bits[Slot(index)] |= Bit(index);
    }

    private int Slot(long index) => (int)((index % Size) >> 6);

    private static ulong Bit(long index) => 1UL << (int)(index & 63);
}
