using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Rx;

namespace Jingle.Net.Sctp.Tests;

public sealed class DataTrackerTests
{
    private static (uint Cum, List<(uint Start, uint End)> Gaps, List<uint> Dups) Sack(DataTracker tracker)
    {
        byte[] buffer = new byte[tracker.GetSackLength()];
        Assert.True(tracker.TryWriteSack(buffer, 1000, out _));
        Assert.True(SackChunk.TryParse(buffer.AsSpan(4), out SackChunk sack));
        var gaps = new List<(uint, uint)>();
        for (int i = 0; i < sack.GapAckBlockCount; i++)
        {
            GapAckBlock g = sack.GetGapAckBlock(i);
            gaps.Add((sack.CumulativeTsnAck + g.Start, sack.CumulativeTsnAck + g.End));
        }

        var dups = new List<uint>();
        for (int i = 0; i < sack.DuplicateTsnCount; i++)
        {
            dups.Add(sack.GetDuplicateTsn(i));
        }

        return (sack.CumulativeTsnAck, gaps, dups);
    }

    /// <summary>Any arrival order of any TSN set near the initial TSN (also across the 2^32 wrap) gives the right SACK.</summary>
    [Property(MaxTest = 300)]
    public bool ArbitraryArrivalOrder_YieldsCumulativeAckAndGapsOfTheSet(uint initialTsn, byte[] offsets, bool nearWrap)
    {
        uint initial = nearWrap ? 0xFFFFFFF0u + (initialTsn % 16) : initialTsn;
        var tracker = new DataTracker(TimeSpan.FromMilliseconds(200));
        tracker.Initialize(initial);
        var received = new HashSet<uint>();
        int duplicates = 0;
        foreach (byte o in offsets)
        {
            uint tsn = initial + (uint)(o % 48);
            if (tracker.IsNew(tsn))
            {
                tracker.Record(tsn);
                received.Add(tsn - initial);
            }
            else
            {
                tracker.RecordDuplicate(tsn);
                duplicates++;
            }
        }

        // Reference: cumulative = longest prefix 0..k-1 present; gaps = maximal runs above it.
        uint k = 0;
        while (received.Contains(k))
        {
            k++;
        }

        var expectedGaps = new List<(uint, uint)>();
        uint? start = null;
        for (uint i = k + 1; i <= 48; i++)
        {
            bool has = received.Contains(i);
            if (has && start is null)
            {
                start = i;
            }
            else if (!has && start is not null)
            {
                expectedGaps.Add((initial + start.Value, initial + i - 1));
                start = null;
            }
        }

        (uint cum, List<(uint, uint)> gaps, List<uint> dups) = Sack(tracker);
        return cum == initial + k - 1 && gaps.SequenceEqual(expectedGaps) && dups.Count == Math.Min(duplicates, 32)
            && tracker.HasGaps == (expectedGaps.Count > 0);
    }

    [Fact]
    public void DelayedAck_EverySecondPacket_OrAfterTimeout()
    {
        var tracker = new DataTracker(TimeSpan.FromMilliseconds(200));
        tracker.Initialize(100);
        tracker.Record(100);
        tracker.OnDataPacketProcessed(TimeSpan.FromSeconds(1), immediate: false);
        Assert.False(tracker.AckNow);
        Assert.Equal(TimeSpan.FromSeconds(1.2), tracker.DelayedAckDeadline);
        tracker.Record(101);
        tracker.OnDataPacketProcessed(TimeSpan.FromSeconds(1.01), immediate: false);
        Assert.True(tracker.AckNow); // second packet
        Sack(tracker);
        Assert.False(tracker.AckNow);
        Assert.Equal(TimeSpan.MaxValue, tracker.DelayedAckDeadline);

        tracker.Record(103); // a gap: ack at once
        tracker.OnDataPacketProcessed(TimeSpan.FromSeconds(2), immediate: false);
        Assert.True(tracker.AckNow);
        Sack(tracker);

        tracker.Record(102);
        tracker.OnDataPacketProcessed(TimeSpan.FromSeconds(3), immediate: false);
        Assert.False(tracker.AckNow);
        tracker.OnDelayedAckTimeout();
        Assert.True(tracker.AckNow);
        Assert.Equal(TimeSpan.MaxValue, tracker.DelayedAckDeadline);
    }

    [Fact]
    public void AckUrgent_OnlyForGapsDuplicatesImmediateAndTimer_NotForThePacketCount()
    {
        var tracker = new DataTracker(TimeSpan.FromMilliseconds(200));
        tracker.Initialize(100);
        for (uint tsn = 100; tsn < 110; tsn++)
        {
            tracker.Record(tsn);
            tracker.OnDataPacketProcessed(TimeSpan.FromSeconds(1), immediate: false);
            Assert.False(tracker.AckUrgent); // in-order packets: a driver may coalesce their SACKs
            Assert.Equal((int)(tsn - 99), tracker.DataPacketsSinceAck);
        }

        Assert.True(tracker.AckNow);
        Sack(tracker);
        Assert.Equal(0, tracker.DataPacketsSinceAck);

        tracker.Record(112); // gap
        tracker.OnDataPacketProcessed(TimeSpan.FromSeconds(2), immediate: false);
        Assert.True(tracker.AckUrgent);
        Sack(tracker);
        Assert.False(tracker.AckUrgent);

        tracker.RecordDuplicate(105);
        Assert.True(tracker.AckUrgent);
        Sack(tracker);

        tracker.Record(110);
        tracker.OnDataPacketProcessed(TimeSpan.FromSeconds(3), immediate: true); // I bit
        Assert.True(tracker.AckUrgent);
        Sack(tracker);

        tracker.Record(111);
        tracker.OnDataPacketProcessed(TimeSpan.FromSeconds(4), immediate: false);
        Assert.False(tracker.AckUrgent);
        tracker.OnDelayedAckTimeout();
        Assert.True(tracker.AckUrgent);
    }

    [Fact]
    public void ForwardTo_SkipsHolesAndMergesReceivedRanges()
    {
        var tracker = new DataTracker(TimeSpan.FromMilliseconds(200));
        tracker.Initialize(10);
        tracker.Record(10);
        tracker.Record(13);
        tracker.Record(14);
        tracker.Record(17);
        tracker.ForwardTo(12); // 11, 12 abandoned; 13-14 already here
        (uint cum, List<(uint, uint)> gaps, _) = Sack(tracker);
        Assert.Equal(14u, cum);
        Assert.Equal([(17u, 17u)], gaps);
        Assert.False(tracker.IsNew(12));
        Assert.True(tracker.IsNew(15));
    }
}
