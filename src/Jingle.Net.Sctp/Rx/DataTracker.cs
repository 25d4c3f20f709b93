using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;

namespace Jingle.Net.Sctp.Rx;

/// <summary>
/// The receiver's view of TSNs (RFC 9260 §6.2): the cumulative TSN, received ranges above it (the gap ack blocks),
/// duplicates to report, and when a SACK is due (every second packet with DATA, at once on a gap, a duplicate or
/// the I bit, otherwise after the delayed-ack timeout).
/// </summary>
internal sealed class DataTracker
{
    private const int MaxDuplicates = 32;
    private const int MaxGapBlocks = 64;
    private readonly List<TsnRange> _ranges = new(16);
    private readonly uint[] _duplicates = new uint[MaxDuplicates];
    private readonly GapAckBlock[] _gapScratch = new GapAckBlock[MaxGapBlocks];
    private readonly TimeSpan _delayedAckTimeout;
    private int _duplicateCount;
    private int _dataPacketsSinceAck;

    public DataTracker(TimeSpan delayedAckTimeout) => _delayedAckTimeout = delayedAckTimeout;

    /// <summary>Last TSN received with every TSN before it.</summary>
    public uint CumulativeTsn { get; private set; }

    /// <summary>The highest TSN seen.</summary>
    public uint HighestTsn => _ranges.Count > 0 ? _ranges[^1].End : CumulativeTsn;

    public bool HasGaps => _ranges.Count > 0;

    /// <summary>A SACK must go out with the next packet.</summary>
    public bool AckNow { get; private set; }

    /// <summary>
    /// The SACK is due for a reason other than the packet count (a gap, a duplicate, the I bit, a FORWARD TSN, a full
    /// window, the delayed-ack timer): a driver must not hold it back to the end of its receive batch.
    /// </summary>
    public bool AckUrgent { get; private set; }

    /// <summary>Packets with DATA received since the last SACK was written.</summary>
    public int DataPacketsSinceAck => _dataPacketsSinceAck;

    /// <summary>When the delayed SACK is due, or MaxValue.</summary>
    public TimeSpan DelayedAckDeadline { get; private set; } = TimeSpan.MaxValue;

    public long DuplicatesReceived { get; private set; }

    /// <summary>New TSNs that arrived above a hole (lost or reordered packets before them).</summary>
    public long OutOfOrderReceived { get; private set; }

    /// <summary>SACKs written with at least one gap ack block.</summary>
    public long SacksWithGapsWritten { get; private set; }

    public void Initialize(uint peerInitialTsn)
    {
        CumulativeTsn = peerInitialTsn - 1;
        _ranges.Clear();
        _duplicateCount = 0;
        _dataPacketsSinceAck = 0;
        AckNow = false;
        AckUrgent = false;
        DelayedAckDeadline = TimeSpan.MaxValue;
    }

    /// <summary>True if <paramref name="tsn"/> was not received before (it is not recorded yet).</summary>
    public bool IsNew(uint tsn)
    {
        if (SerialNumber.Le(tsn, CumulativeTsn))
        {
            return false;
        }

        for (int i = _ranges.Count - 1; i >= 0; i--)
        {
            TsnRange r = _ranges[i];
            if (SerialNumber.Ge(tsn, r.Start))
            {
                return SerialNumber.Gt(tsn, r.End);
            }
        }

        return true;
    }

    /// <summary>Records a duplicate to report in the next SACK.</summary>
    public void RecordDuplicate(uint tsn)
    {
        DuplicatesReceived++;
        if (_duplicateCount < MaxDuplicates)
        {
            _duplicates[_duplicateCount++] = tsn;
        }

        AckNow = true;
        AckUrgent = true;
    }

    /// <summary>Records a new TSN (checked with <see cref="IsNew"/>).</summary>
    public void Record(uint tsn)
    {
        if (tsn == CumulativeTsn + 1)
        {
            CumulativeTsn = tsn;
            if (_ranges.Count > 0 && _ranges[0].Start == tsn + 1)
            {
                CumulativeTsn = _ranges[0].End;
                _ranges.RemoveAt(0);
            }

            return;
        }

        OutOfOrderReceived++;
        int i = _ranges.Count - 1;
        while (i >= 0 && SerialNumber.Gt(_ranges[i].Start, tsn))
        {
            i--;
        }

        // _ranges[i] (if any) starts before tsn; _ranges[i + 1] (if any) starts after it.
        bool joinsLeft = i >= 0 && _ranges[i].End + 1 == tsn;
        bool joinsRight = i + 1 < _ranges.Count && _ranges[i + 1].Start == tsn + 1;
        if (joinsLeft && joinsRight)
        {
            _ranges[i] = new TsnRange(_ranges[i].Start, _ranges[i + 1].End);
            _ranges.RemoveAt(i + 1);
        }
        else if (joinsLeft)
        {
            _ranges[i] = new TsnRange(_ranges[i].Start, tsn);
        }
        else if (joinsRight)
        {
            _ranges[i + 1] = new TsnRange(tsn, _ranges[i + 1].End);
        }
        else
        {
            _ranges.Insert(i + 1, new TsnRange(tsn, tsn));
        }
    }

    /// <summary>Called once per received packet that carried DATA (§6.2 delayed ack rules).</summary>
    public void OnDataPacketProcessed(TimeSpan now, bool immediate)
    {
        _dataPacketsSinceAck++;
        if (immediate || _ranges.Count > 0 || _duplicateCount > 0)
        {
            AckNow = true;
            AckUrgent = true;
        }
        else if (_dataPacketsSinceAck >= 2)
        {
            AckNow = true;
        }
        else if (DelayedAckDeadline == TimeSpan.MaxValue)
        {
            DelayedAckDeadline = now + _delayedAckTimeout;
        }
    }

    /// <summary>The delayed-ack timer fired: the SACK goes with the next packet; the timer is not armed again.</summary>
    public void OnDelayedAckTimeout()
    {
        AckNow = true;
        AckUrgent = true;
        DelayedAckDeadline = TimeSpan.MaxValue;
    }

    /// <summary>Forces a SACK with the next packet (FORWARD-TSN, SHUTDOWN, timer).</summary>
    public void RequestAck() => AckNow = AckUrgent = true;

    /// <summary>RFC 3758 §3.6: moves the cumulative TSN forward to <paramref name="newCumulativeTsn"/>.</summary>
    public void ForwardTo(uint newCumulativeTsn)
    {
        if (SerialNumber.Le(newCumulativeTsn, CumulativeTsn))
        {
            return;
        }

        CumulativeTsn = newCumulativeTsn;
        while (_ranges.Count > 0 && SerialNumber.Le(_ranges[0].Start, CumulativeTsn + 1))
        {
            if (SerialNumber.Gt(_ranges[0].End, CumulativeTsn))
            {
                CumulativeTsn = _ranges[0].End;
            }

            _ranges.RemoveAt(0);
        }
    }

    public int GetSackLength() => SackChunk.GetSerializedLength(Math.Min(_ranges.Count, MaxGapBlocks), _duplicateCount);

    /// <summary>Writes the SACK and resets the ack state.</summary>
    public bool TryWriteSack(Span<byte> destination, uint advertisedReceiverWindow, out int written)
    {
        int gaps = 0;
        for (int i = 0; i < _ranges.Count && gaps < MaxGapBlocks; i++)
        {
            uint start = _ranges[i].Start - CumulativeTsn;
            uint end = _ranges[i].End - CumulativeTsn;
            if (end > ushort.MaxValue)
            {
                break;
            }

            _gapScratch[gaps++] = new GapAckBlock((ushort)start, (ushort)end);
        }

        if (!SackChunk.TryWrite(destination, CumulativeTsn, advertisedReceiverWindow, _gapScratch.AsSpan(0, gaps),
            _duplicates.AsSpan(0, _duplicateCount), out written))
        {
            return false;
        }

        if (gaps != 0)
        {
            SacksWithGapsWritten++;
        }

        _duplicateCount = 0;
        _dataPacketsSinceAck = 0;
        AckNow = false;
        AckUrgent = false;
        DelayedAckDeadline = TimeSpan.MaxValue;
        return true;
    }

    private readonly record struct TsnRange(uint Start, uint End);
}
