using System.Security.Cryptography;
using FsCheck;
using FsCheck.Xunit;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>The fast path's sans-I/O pieces: record header, replay window, record protection.</summary>
public sealed class DtlsRecordLayerTests
{
    [Fact]
    public void Rfc6347_RecordHeader_ParsesTheWireLayout()
    {
        // application_data, DTLS 1.2, epoch 1, sequence 0x0000_0102_0304, length 3, then the fragment and one more byte.
        byte[] wire = [23, 0xFE, 0xFD, 0x00, 0x01, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x00, 0x03, 9, 9, 9, 7];
        Assert.True(DtlsRecordHeader.TryParse(wire, out DtlsRecordHeader h));
        Assert.Equal(new DtlsRecordHeader(23, 0xFEFD, 1, 0x01020304, 3), h);
        Assert.Equal(16, h.RecordLength);
        Assert.Equal((1L << 48) | 0x01020304, h.EpochAndSequence);
        Assert.False(DtlsRecordHeader.TryParse(wire.AsSpan(0, 15), out _)); // the fragment is cut short
        Assert.False(DtlsRecordHeader.TryParse(wire.AsSpan(0, 12), out _)); // not even a header
    }

    [Property]
    public bool ArbitraryBytes_ParseOrAreRejected_NeverThrow(byte[] bytes)
    {
        bytes ??= [];
        bool parsed = DtlsRecordHeader.TryParse(bytes, out DtlsRecordHeader h);
        return parsed ? h.RecordLength <= bytes.Length : h == default;
    }

    [Property]
    public bool Parse_OfWrite_RoundTrips(byte type, ushort version, ushort epoch, long sequence, ushort length)
    {
        var header = new DtlsRecordHeader(type, version, epoch, sequence & DtlsRecordHeader.MaxSequenceNumber, length);
        byte[] wire = new byte[DtlsRecordHeader.Size + length];
        return header.TryWrite(wire, out int written) && written == DtlsRecordHeader.GetSerializedLength()
            && DtlsRecordHeader.TryParse(wire, out DtlsRecordHeader back) && back == header;
    }

    [Fact]
    public void ReplayWindow_AcceptsNewAndInWindow_RejectsSeenAndTooOld()
    {
        var w = new DtlsReplayWindow();
        Assert.True(w.TryAccept(5));
        Assert.False(w.TryAccept(5));
        Assert.True(w.TryAccept(3));                   // out of order, inside
        Assert.True(w.TryAccept(100));                 // a jump
        Assert.True(w.CanAccept(100 - 63));            // the oldest slot
        Assert.False(w.CanAccept(100 - 64));           // just left of the window
        Assert.False(w.TryAccept(5));
        Assert.True(w.TryAccept(99));
        Assert.False(w.TryAccept(99));
        Assert.False(w.CanAccept(-1));
        Assert.False(w.CanAccept(DtlsRecordHeader.MaxSequenceNumber + 1));
        Assert.Equal(100, w.Highest);
    }

    [Property]
    public bool ReplayWindow_NeverAcceptsANumberTwice_AndAlwaysAcceptsTheNewest(ushort[] steps)
    {
        var w = new DtlsReplayWindow();
        var accepted = new HashSet<long>();
        long highest = -1;
        foreach (ushort step in steps ?? [])
        {
            long n = step % 300;
            bool ok = w.TryAccept(n);
            if (ok && !accepted.Add(n))
            {
                return false; // accepted twice
            }

            if (n > highest && !ok)
            {
                return false; // a new highest number must pass
            }

            if (ok && highest - n >= DtlsReplayWindow.Size)
            {
                return false; // left of the window
            }

            highest = Math.Max(highest, ok ? n : highest);
        }

        return true;
    }

    [Fact]
    public void RecordProtection_RoundTrips_AndBindsTheHeader()
    {
        (DtlsRecordProtection client, DtlsRecordProtection server) = CreatePair();
        using (client)
        using (server)
        {
            Assert.False(client.TryEncodeRecord(23, [1], new byte[100], out _)); // numbering is BouncyCastle's until the takeover
            Assert.Equal((1L << 48) | 5, client.OnBouncyCastleEncode((1L << 48) | 5));
            Assert.Equal(6, client.TakeOverWriting());
            Assert.True(server.OnBouncyCastleDecoded((1L << 48) | 5));

            byte[] record = new byte[200];
            Assert.True(client.TryEncodeRecord(23, "data"u8, record, out int written));
            Assert.Equal(DtlsRecordProtection.RecordOverhead + 4, written);
            Assert.True(DtlsRecordHeader.TryParse(record.AsSpan(0, written), out DtlsRecordHeader h));
            Assert.Equal(new DtlsRecordHeader(23, DtlsRecordHeader.Dtls12, 1, 6, 28), h);

            // Same bytes presented as another type or sequence number: the AAD differs, the tag fails.
            byte[] plaintext = new byte[100];
            Assert.Equal(DtlsRecordStatus.AuthenticationFailed, server.TryDecryptRecord(h with { ContentType = 21 }, record, plaintext, out _));
            Assert.Equal(DtlsRecordStatus.AuthenticationFailed, server.TryDecryptRecord(h with { SequenceNumber = 7 }, record, plaintext, out _));
            Assert.Equal(DtlsRecordStatus.Malformed, server.TryDecryptRecord(h with { Length = 23 }, record, plaintext, out _));

            Assert.Equal(DtlsRecordStatus.Accepted, server.TryDecryptRecord(h, record, plaintext, out int length));
            Assert.Equal("data"u8.ToArray(), plaintext.AsSpan(0, length).ToArray());
            Assert.Equal(DtlsRecordStatus.Replayed, server.TryDecryptRecord(h, record, plaintext, out _));

            // After the takeover BouncyCastle's records take the shared counter too, and the header is to be rewritten.
            Assert.Equal((1L << 48) | 7, client.OnBouncyCastleEncode((1L << 48) | 6));
            Assert.Equal((1L << 48) | 7, client.TakeRewrittenSequence());
            Assert.Equal(-1, client.TakeRewrittenSequence());
            Assert.True(client.TryEncodeRecord(23, "x"u8, record, out _));
            Assert.True(DtlsRecordHeader.TryParse(record, out DtlsRecordHeader next));
            Assert.Equal(8, next.SequenceNumber);
        }
    }

    private static (DtlsRecordProtection Client, DtlsRecordProtection Server) CreatePair()
    {
        byte[] clientKey = RandomNumberGenerator.GetBytes(16);
        byte[] serverKey = RandomNumberGenerator.GetBytes(16);
        byte[] clientSalt = RandomNumberGenerator.GetBytes(4);
        byte[] serverSalt = RandomNumberGenerator.GetBytes(4);
        return (new DtlsRecordProtection(clientKey, clientSalt, serverKey, serverSalt),
            new DtlsRecordProtection(serverKey, serverSalt, clientKey, clientSalt));
    }
}
