using System.Collections.Concurrent;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Ice.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>
/// The application data fast path (epoch-1 AES-GCM application_data records outside BouncyCastle's record layer):
/// data both ways, interop with BouncyCastle's record layer in both roles, tampering, replay, reordering within and
/// beyond the 64-record window, close_notify, a BouncyCastle retransmission after the switch, the fallback.
/// </summary>
public sealed class DtlsFastPathTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task BothSidesOnTheFastPath_CarryDataBothWays_InOrder(DtlsRole roleOfA)
    {
        await using var t = await CreatePairAsync();
        await t.ConnectAsync(roleOfA);
        Assert.True(t.A.IsRecordFastPathActive);
        Assert.True(t.B.IsRecordFastPathActive);

        await t.Owner.InvokeAsync(() =>
        {
            for (int i = 0; i < 300; i++)
            {
                Assert.True(t.A.Send(Payload(i, 1 + (i * 7 % 1500))));
                Assert.True(t.B.Send(Payload(10_000 + i, 1200)));
            }
        });
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByA.Count == 300 && t.ReceivedByB.Count == 300, "300 records each way");
        Assert.Equal(Enumerable.Range(0, 300).Select(i => Payload(i, 1 + (i * 7 % 1500))), t.ReceivedByB);
        Assert.Equal(Enumerable.Range(10_000, 300).Select(i => Payload(i, 1200)), t.ReceivedByA);
        Assert.Equal(300, t.A.FastPathRecordsSent);
        Assert.Equal(300, t.B.FastPathRecordsReceived);
        Assert.Equal(300, t.B.FastPathRecordsSent);
        Assert.Equal(300, t.A.FastPathRecordsReceived);
        Assert.Equal(0, t.A.AuthenticationFailureCount + t.B.AuthenticationFailureCount + t.A.ReplayedRecordCount + t.B.ReplayedRecordCount);
    }

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task FastPath_InteroperatesWithBouncyCastlesRecordLayer_BothDirections(DtlsRole roleOfFastSide)
    {
        // A uses the fast path, B keeps BouncyCastle's record layer (same AES-GCM keys, its own sequence numbers).
        await using var t = await CreatePairAsync(disableFastPathOnB: true);
        await t.ConnectAsync(roleOfFastSide);
        Assert.True(t.A.IsRecordFastPathActive);
        Assert.False(t.B.IsRecordFastPathActive);

        await t.Owner.InvokeAsync(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                Assert.True(t.A.Send(Payload(i, 1200)));
                Assert.True(t.B.Send(Payload(500 + i, 900)));
            }
        });
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByA.Count == 100 && t.ReceivedByB.Count == 100, "100 records each way");
        Assert.Equal(Enumerable.Range(0, 100).Select(i => Payload(i, 1200)), t.ReceivedByB);
        Assert.Equal(Enumerable.Range(500, 100).Select(i => Payload(i, 900)), t.ReceivedByA);
        Assert.Equal(100, t.A.FastPathRecordsSent);
        Assert.Equal(100, t.A.FastPathRecordsReceived);
        Assert.Equal(0, t.B.FastPathRecordsReceived + t.B.FastPathRecordsSent);

        // The fast path's close_notify closes BouncyCastle's side.
        await t.Owner.InvokeAsync(t.A.Close);
        await t.WaitForStatesAsync(DtlsTransportState.Closed, DtlsTransportState.Closed);
        Assert.Null(t.B.Error);
    }

    [Fact]
    public async Task TamperedRecord_IsDroppedAndCounted_TheTransportStaysUp()
    {
        await using var t = await CreatePairAsync();
        await t.ConnectAsync(DtlsRole.Client);
        byte[] record = await t.CaptureFromAAsync(Payload(1, 100));
        byte[] tamperedBody = (byte[])record.Clone();
        tamperedBody[DtlsRecordHeader.Size + 8 + 5] ^= 0x40;        // ciphertext
        byte[] tamperedHeader = (byte[])record.Clone();
        tamperedHeader[9] ^= 0x01;                                   // sequence number + 256 (part of the AAD)
        byte[] tamperedTag = (byte[])record.Clone();
        tamperedTag[^1] ^= 0x80;

        await t.InjectIntoBAsync(tamperedBody, tamperedHeader, tamperedTag);
        Assert.Equal(3, t.B.AuthenticationFailureCount);
        Assert.Empty(t.ReceivedByB);
        await t.InjectIntoBAsync(record); // the genuine record still authenticates afterwards
        Assert.Equal([Payload(1, 100)], t.ReceivedByB);
        Assert.Equal(DtlsTransportState.Connected, t.B.State);
        Assert.True(await t.Owner.InvokeAsync(() => t.A.Send(Payload(2, 10))));
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByB.Count == 2, "the next record");
    }

    [Fact]
    public async Task ReplayedRecord_IsDroppedAndCounted()
    {
        await using var t = await CreatePairAsync();
        await t.ConnectAsync(DtlsRole.Server);
        byte[] record = await t.CaptureFromAAsync(Payload(7, 64));
        await t.InjectIntoBAsync(record, record, record);
        Assert.Equal([Payload(7, 64)], t.ReceivedByB);
        Assert.Equal(2, t.B.ReplayedRecordCount);
    }

    [Fact]
    public async Task OutOfOrderWithinTheWindow_IsAccepted_OlderThanTheWindow_IsDropped()
    {
        await using var t = await CreatePairAsync();
        await t.ConnectAsync(DtlsRole.Client);
        byte[][] records = await t.CaptureFromAAsync(Enumerable.Range(0, 70).Select(i => Payload(i, 20)).ToArray());

        // 69 first; then 10 (59 behind: inside), 68, 6 (63 behind: the window's last slot), 5 (64 behind: outside),
        // 0 (outside), 10 again (a replay).
        await t.InjectIntoBAsync(records[69], records[10], records[68], records[6], records[5], records[0], records[10]);
        Assert.Equal([Payload(69, 20), Payload(10, 20), Payload(68, 20), Payload(6, 20)], t.ReceivedByB);
        Assert.Equal(3, t.B.ReplayedRecordCount);
        Assert.Equal(0, t.B.AuthenticationFailureCount);
    }

    [Fact]
    public async Task CloseNotify_SentByTheFastPath_ClosesThePeer()
    {
        await using var t = await CreatePairAsync();
        await t.ConnectAsync(DtlsRole.Client);
        Assert.True(await t.Owner.InvokeAsync(() => t.B.Send([1])));
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByA.Count == 1, "a record");
        long sentByB = t.Pair.Second.SentCount;
        await t.Owner.InvokeAsync(t.B.Close);
        Assert.Equal(sentByB + 1, t.Pair.Second.SentCount); // exactly one datagram: the close_notify record
        await t.WaitForStatesAsync(DtlsTransportState.Closed, DtlsTransportState.Closed);
        Assert.Null(t.A.Error);
        Assert.False(t.A.IsRecordFastPathActive);
        Assert.False(await t.Owner.InvokeAsync(() => t.A.Send([2])));
    }

    [Fact]
    public async Task FinishedRetransmittedByBouncyCastleAfterTheSwitch_GetsAFreshSequenceNumber()
    {
        // The server (B) switches to the fast path as soon as it sent its final flight. Its Finished is lost; B sends
        // three records (sequence 1..3; the client, still handshaking, authenticates and discards them), then the
        // client's retransmitted flight makes BouncyCastle resend the Finished. Reusing sequence 1 would reuse a GCM
        // nonce — and the client's replay window would drop it, so the handshake would never complete.
        await using var t = await CreatePairAsync(retransmitTimeout: TimeSpan.FromMilliseconds(50));
        int finishedSeen = 0;
        var sentByB = new ConcurrentQueue<byte[]>();
        t.Pair.Second.DropFilter = p =>
        {
            sentByB.Enqueue(p.ToArray());
            return p[0] == DtlsRecordHeader.Handshake && p[4] == 1 && Interlocked.Increment(ref finishedSeen) == 1;
        };
        await t.Owner.InvokeAsync(() => t.B.Start(DtlsRole.Server, t.CertificateA.GetFingerprint()));
        await t.Owner.InvokeAsync(() => t.A.Start(DtlsRole.Client, t.CertificateB.GetFingerprint()));
        await DtlsTestPair.WaitUntilAsync(() => t.B.IsRecordFastPathActive, "the server on the fast path");
        await t.Owner.InvokeAsync(() =>
        {
            for (int i = 0; i < 3; i++)
            {
                Assert.True(t.B.Send(Payload(i, 30)));
            }
        });
        // The client's retransmission timer runs on the injected (fake) clock: move it until the flight is resent.
        var fake = (FakeTimeProvider)t.Pair.Time;
        await DtlsTestPair.WaitUntilAsync(() =>
        {
            fake.Advance(TimeSpan.FromMilliseconds(10));
            return t.A.State == DtlsTransportState.Connected && t.B.State == DtlsTransportState.Connected;
        }, "both connected after the client's retransmission");
        Assert.True(finishedSeen >= 2);

        long[] epoch1Sequences = [.. sentByB
            .Select(p => DtlsRecordHeader.TryParse(p, out DtlsRecordHeader h) ? h : default)
            .Where(h => h.Epoch == 1)
            .Select(h => h.SequenceNumber)];
        Assert.Equal(epoch1Sequences.Length, epoch1Sequences.Distinct().Count()); // no nonce used twice
        Assert.Equal([0, 1, 2, 3, 4], epoch1Sequences.Take(5));                  // Finished, 3 records, Finished again

        Assert.True(await t.Owner.InvokeAsync(() => t.B.Send(Payload(99, 30))));
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByA.Contains(Payload(99, 30), ByteArrayComparer.Instance), "data after the recovery");
    }

    [Fact]
    public async Task WithoutDotNetAesGcm_TheFastPathStaysOff_AndBouncyCastleCarriesTheData()
    {
        // BouncyCastle's own GCM (no AesGcmTlsCipher): as for any suite the fast path does not handle (CBC,
        // ChaCha20 — see OpenSslDtlsFastPathInteropTests for a real ChaCha20 peer), records go through BouncyCastle.
        await using var t = await CreatePairAsync(bouncyCastleCipherOnA: true);
        await t.ConnectAsync(DtlsRole.Client);
        Assert.False(t.A.IsRecordFastPathActive);
        Assert.True(t.B.IsRecordFastPathActive);
        Assert.True(await t.Owner.InvokeAsync(() => t.A.Send(Payload(1, 1000))));
        Assert.True(await t.Owner.InvokeAsync(() => t.B.Send(Payload(2, 1000))));
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByA.Count == 1 && t.ReceivedByB.Count == 1, "data both ways");
        Assert.Equal(0, t.A.FastPathRecordsReceived + t.A.FastPathRecordsSent);
    }

    [Fact]
    public async Task DeliveryQueue_IsBounded_OverflowIsDroppedAndCounted()
    {
        // B keeps BouncyCastle's path, so every record crosses from its DTLS thread to the owner through the queue;
        // the owner is kept busy while 50 records arrive, so all but DeliveryQueueCapacity (8) are dropped.
        await using var t = await CreatePairAsync(disableFastPathOnB: true, deliveryQueueCapacityOfB: 8);
        await t.ConnectAsync(DtlsRole.Client);
        using var release = new ManualResetEventSlim();
        Task blocker = t.Owner.InvokeAsync(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                Assert.True(t.A.Send(Payload(i, 100)));
            }

            release.Wait(TimeSpan.FromSeconds(10));
        });
        await DtlsTestPair.WaitUntilAsync(() => t.B.DeliveryDropCount == 42, $"42 drops (now {t.B.DeliveryDropCount})");
        release.Set();
        await blocker;
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByB.Count == 8, "the 8 queued records");
        await Task.Delay(Quiet);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => Payload(i, 100)), t.ReceivedByB);
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }

    private static byte[] Payload(int index, int length)
    {
        byte[] p = new byte[length];
        new Random(index).NextBytes(p);
        BitConverter.TryWriteBytes(p, index);
        return p;
    }

    /// <summary>A <see cref="DtlsTestPair"/> with the fast path's knobs: B without the fast path, A on BouncyCastle's cipher.</summary>
    private static Task<DtlsTestPair> CreatePairAsync(bool disableFastPathOnB = false, bool bouncyCastleCipherOnA = false,
        TimeSpan? retransmitTimeout = null, int deliveryQueueCapacityOfB = 1024)
    {
        TimeSpan rto = retransmitTimeout ?? TimeSpan.FromSeconds(1);
        return DtlsTestPair.CreateAsync(
            a => new DtlsTransportOptions { Certificate = a, UseBouncyCastleRecordCipher = bouncyCastleCipherOnA, InitialRetransmitTimeout = rto },
            b => new DtlsTransportOptions
            {
                Certificate = b,
                DisableRecordFastPath = disableFastPathOnB,
                InitialRetransmitTimeout = rto,
                DeliveryQueueCapacity = deliveryQueueCapacityOfB,
            });
    }
}
