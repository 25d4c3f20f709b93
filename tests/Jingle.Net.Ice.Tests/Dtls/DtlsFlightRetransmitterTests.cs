using System.Buffers.Binary;
using FsCheck.Xunit;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>The sans-I/O parts of handshake retransmission: record renumbering and the RFC 6347 §4.2.4 timer.</summary>
public sealed class DtlsFlightRetransmitterTests
{
    private const long Frequency = TimeSpan.TicksPerSecond;

    [Fact]
    public void RestampEpochZero_RenumbersEveryEpochZeroRecord_AndLeavesEncryptedOnesAlone()
    {
        byte[] datagram = [.. Record(22, epoch: 0, seq: 7, Handshake(1, 0)), .. Record(20, epoch: 0, seq: 8, [1]), .. Record(22, epoch: 1, seq: 0, new byte[40])];
        byte[] original = (byte[])datagram.Clone();
        long next = 100;

        Assert.Equal(2, DtlsFlightRecords.RestampEpochZero(datagram, ref next));

        Assert.Equal(102, next);
        List<(byte Type, ushort Epoch, long Seq)> records = Parse(datagram);
        Assert.Equal(new (byte, ushort, long)[] { (22, 0, 100), (20, 0, 101), (22, 1, 0) }, records);
        // Nothing but the sequence numbers of the two epoch-0 records (bytes 5–10 of each) changed.
        var sequenceBytes = Enumerable.Range(5, 6).Concat(Enumerable.Range(29 + 5, 6)).ToHashSet();
        Assert.All(Enumerable.Range(0, datagram.Length).Where(i => !sequenceBytes.Contains(i)), i => Assert.Equal(original[i], datagram[i]));
    }

    [Fact]
    public void RestampEpochZero_StopsAtATruncatedRecord()
    {
        byte[] whole = Record(22, 0, 5, Handshake(1, 0));
        byte[] datagram = [.. whole, .. Record(22, 0, 6, Handshake(2, 0))[..20]]; // second record cut short
        long next = 0;
        Assert.Equal(1, DtlsFlightRecords.RestampEpochZero(datagram, ref next));
        Assert.Equal(6, BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(whole.Length + 9))); // untouched
    }

    [Property]
    public bool RestampEpochZero_NeverThrows_AndNeverChangesTheLength(byte[] bytes)
    {
        byte[] copy = (byte[])bytes.Clone();
        long next = 0;
        int rewritten = DtlsFlightRecords.RestampEpochZero(copy, ref next);
        return copy.Length == bytes.Length && rewritten == next && DtlsFlightRecords.ReadHandshakeMessageSeq(copy) >= -1;
    }

    [Fact]
    public void NewFlight_ArmsTheInitialTimeout_ThenDoublesUpToSixtySeconds()
    {
        var r = new DtlsFlightRetransmitter(TimeSpan.FromSeconds(1), Frequency);
        Assert.Equal(long.MaxValue, r.Deadline);
        r.OnDatagramSent(Record(22, 0, 0, Handshake(1, 0)), now: 0);
        Assert.Equal(Ticks(1), r.Deadline);

        long now = 0;
        var expected = new List<double> { 1 };
        var observed = new List<double> { (r.Deadline - now) / (double)Frequency };
        for (int i = 0; i < 8; i++)
        {
            now = r.Deadline;
            DtlsRetransmission resend = r.OnTimerExpired(now);
            Assert.False(resend.ReplayPeerFlight);
            Assert.Single(resend.Datagrams!);
            observed.Add((r.Deadline - now) / (double)Frequency);
            expected.Add(Math.Min(Math.Pow(2, i + 1), 60));
        }

        Assert.Equal(expected, observed); // 1, 2, 4, 8, 16, 32, 60, 60, 60
        Assert.Equal(8, r.RetransmitCount);
    }

    [Fact]
    public void EachResend_CarriesNewSequenceNumbers_AboveEverythingSentBefore()
    {
        var r = new DtlsFlightRetransmitter(TimeSpan.FromMilliseconds(50), Frequency);
        r.OnDatagramSent(Record(22, 0, 0, Handshake(1, 0)), 0);
        r.OnDatagramSent(Record(22, 0, 1, Handshake(1, 0, fragmentOffset: 100)), 0);
        var seen = new List<long>();
        for (int i = 0; i < 3; i++)
        {
            foreach (byte[] d in r.OnTimerExpired(r.Deadline).Datagrams!)
            {
                seen.Add(Parse(d)[0].Seq);
            }
        }

        Assert.Equal(new long[] { 2, 3, 4, 5, 6, 7 }, seen);
    }

    [Fact]
    public void PeerRetransmissionAnswered_KeepsTheBackedOffTimer_NewFlightResetsIt()
    {
        var r = new DtlsFlightRetransmitter(TimeSpan.FromSeconds(1), Frequency);
        r.OnDatagramSent(Record(22, 0, 0, Handshake(1, 0)), 0);          // ClientHello, message_seq 0
        r.OnTimerExpired(Ticks(1));                                        // timer now 2 s
        r.OnDatagramReceived(Record(22, 0, 0, Handshake(3, 0)), synthetic: false);
        r.OnDatagramSent(Record(22, 0, 1, Handshake(1, 0)), Ticks(2));   // the same message again: a resend
        Assert.Equal(Ticks(4), r.Deadline);
        r.OnDatagramReceived(Record(22, 0, 1, Handshake(2, 1)), synthetic: false);
        r.OnDatagramSent(Record(22, 0, 2, Handshake(11, 1)), Ticks(3));  // message_seq 1: a new flight
        Assert.Equal(Ticks(4), r.Deadline);
        Assert.Equal(TimeSpan.FromSeconds(1), r.CurrentTimeout);
    }

    [Fact]
    public void FlightWithAnEncryptedRecord_ReplaysThePeersPreviousFlight_InsteadOfResendingIt()
    {
        var r = new DtlsFlightRetransmitter(TimeSpan.FromSeconds(1), Frequency);
        r.OnDatagramSent(Record(22, 0, 0, Handshake(1, 0)), 0);                // flight 1
        byte[] serverHello = Record(22, 0, 0, Handshake(2, 0));
        byte[] serverHelloDone = Record(22, 0, 1, Handshake(14, 4));
        r.OnDatagramReceived(serverHello.ToArray(), synthetic: false);
        r.OnDatagramReceived(serverHelloDone.ToArray(), synthetic: false);
        r.OnDatagramSent(Record(22, 0, 1, Handshake(16, 1)), 10);              // flight 5: ClientKeyExchange,
        r.OnDatagramSent(Record(20, 0, 2, [1]), 10);                           // ChangeCipherSpec,
        r.OnDatagramSent(Record(22, 1, 0, new byte[40]), 10);                  // Finished (encrypted)

        DtlsRetransmission action = r.OnTimerExpired(r.Deadline);

        Assert.True(action.ReplayPeerFlight);
        Assert.Equal(new[] { serverHello, serverHelloDone }, action.Datagrams!.ToArray());
        Assert.Equal(1, r.RetransmitCount);
    }

    [Fact]
    public void ReceivedEpochZeroRecords_AreRenumberedMonotonically_EncryptedOnesKeepTheirs()
    {
        var r = new DtlsFlightRetransmitter(TimeSpan.FromSeconds(1), Frequency);
        byte[] a = Record(22, 0, 9, Handshake(2, 0));
        byte[] b = Record(22, 0, 9, Handshake(2, 0)); // a replayed copy is new to BouncyCastle's epoch-0 window
        byte[] c = Record(22, 1, 9, new byte[40]);
        r.OnDatagramReceived(a, synthetic: false);
        r.OnDatagramReceived(b, synthetic: true);
        r.OnDatagramReceived(c, synthetic: false);
        Assert.Equal([0L, 1L, 9L], new[] { Parse(a)[0].Seq, Parse(b)[0].Seq, Parse(c)[0].Seq });
    }

    [Fact]
    public void AfterStop_NothingIsDue_ButRenumberingGoesOn()
    {
        var r = new DtlsFlightRetransmitter(TimeSpan.FromSeconds(1), Frequency);
        r.OnDatagramSent(Record(22, 0, 0, Handshake(1, 0)), 0);
        r.Stop();
        Assert.Equal(long.MaxValue, r.Deadline);
        Assert.True(r.OnTimerExpired(Ticks(5)).IsEmpty);
        byte[] late = Record(20, 0, 0, [1]); // a post-handshake retransmission by BouncyCastle
        r.OnDatagramSent(late, Ticks(6));
        Assert.Equal(1, Parse(late)[0].Seq);
        Assert.Equal(long.MaxValue, r.Deadline);
        Assert.Equal(0, r.RetransmitCount);
    }

    private static long Ticks(double seconds) => (long)(seconds * Frequency);

    internal static byte[] Handshake(byte type, ushort messageSeq, int fragmentOffset = 0)
    {
        byte[] body = new byte[12 + 4];
        body[0] = type;
        body[3] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(4), messageSeq);
        body[8] = (byte)fragmentOffset;
        body[11] = 4;
        return body;
    }

    internal static byte[] Record(byte type, ushort epoch, long seq, byte[] fragment)
    {
        byte[] record = new byte[13 + fragment.Length];
        record[0] = type;
        record[1] = 0xFE;
        record[2] = 0xFD;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(3), epoch);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(5), (ushort)(seq >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(7), (uint)seq);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)fragment.Length);
        fragment.CopyTo(record, 13);
        return record;
    }

    /// <summary>Every record of a datagram: content type, epoch, sequence number (RFC 6347 §4.1), parsed here independently.</summary>
    internal static List<(byte Type, ushort Epoch, long Seq)> Parse(ReadOnlySpan<byte> datagram)
    {
        var records = new List<(byte, ushort, long)>();
        while (datagram.Length >= 13)
        {
            ushort epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram[3..]);
            long seq = ((long)BinaryPrimitives.ReadUInt16BigEndian(datagram[5..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(datagram[7..]);
            int length = 13 + BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
            records.Add((datagram[0], epoch, seq));
            if (length > datagram.Length)
            {
                break;
            }

            datagram = datagram[length..];
        }

        return records;
    }
}
