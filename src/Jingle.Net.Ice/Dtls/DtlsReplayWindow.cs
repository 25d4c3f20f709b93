namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The anti-replay window of RFC 6347 §4.1.2.6 (the RFC 4303 §3.4.3 sliding window) over the 48-bit sequence
/// numbers of one epoch: 64 records wide. A record is accepted when it is newer than any seen, or within the window
/// and not seen yet; older than the window or seen before is a replay. Check with <see cref="CanAccept"/> before
/// the (costly) authentication, then <see cref="TryAccept"/> once the record authenticated (the window moves only
/// for authentic records). Sans-I/O and not thread-safe: the owner serialises calls.
/// </summary>
internal sealed class DtlsReplayWindow
{
    /// <summary>Records the window covers (RFC 6347 §4.1.2.6: 32 at least, 64 recommended).</summary>
    public const int Size = 64;

    private long _highest = -1;
    private ulong _received; // bit i set: _highest - i was received

    /// <summary>The highest sequence number accepted so far, -1 before the first.</summary>
    public long Highest => _highest;

    /// <summary>False when <paramref name="sequenceNumber"/> was received before or lies left of the window.</summary>
    public bool CanAccept(long sequenceNumber)
    {
        if (sequenceNumber < 0 || sequenceNumber > DtlsRecordHeader.MaxSequenceNumber)
        {
            return false;
        }

        if (sequenceNumber > _highest)
        {
            return true;
        }

        long behind = _highest - sequenceNumber;
        return behind < Size && (_received & (1UL << (int)behind)) == 0;
    }

    /// <summary>Marks an authenticated record received; false (window unchanged) when it is a replay or too old.</summary>
    public bool TryAccept(long sequenceNumber)
    {
        if (!CanAccept(sequenceNumber))
        {
            return false;
        }

        if (sequenceNumber > _highest)
        {
            long shift = sequenceNumber - _highest;
            _received = shift >= Size ? 1UL : (_received << (int)shift) | 1UL;
            _highest = sequenceNumber;
        }
        else
        {
            _received |= 1UL << (int)(_highest - sequenceNumber);
        }

        return true;
    }
}
