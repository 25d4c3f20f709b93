using System.Buffers.Binary;
using System.Security.Cryptography;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>
/// The fast path's records on the managed AES-GCM are byte for byte what RFC 5288 over .NET's <see cref="AesGcm"/>
/// (OpenSSL) produces, and a forged record leaves no plaintext in the receive buffer.
/// </summary>
public sealed class DtlsRecordProtectionCipherTests
{
    [Theory]
    [InlineData(16, 1)]
    [InlineData(16, 1200)]
    [InlineData(32, 129)]
    [InlineData(32, 1200)]
    public void EncodedRecord_EqualsRfc5288OnPlatformAesGcm(int keyLength, int plaintextLength)
    {
        var random = new Random(keyLength + plaintextLength);
        byte[] writeKey = Bytes(random, keyLength);
        byte[] writeSalt = Bytes(random, 4);
        byte[] plaintext = Bytes(random, plaintextLength);
        using var sender = new DtlsRecordProtection(writeKey, writeSalt, Bytes(random, keyLength), Bytes(random, 4));
        sender.OnBouncyCastleEncode((1L << 48) | 3);
        sender.TakeOverWriting();
        byte[] record = new byte[plaintextLength + DtlsRecordProtection.RecordOverhead];
        Assert.True(sender.TryEncodeRecord(DtlsRecordHeader.ApplicationData, plaintext, record, out int written));
        Assert.Equal(record.Length, written);
        Assert.True(DtlsRecordHeader.TryParse(record, out DtlsRecordHeader header));

        // RFC 5288 §3: nonce = salt || explicit nonce (= epoch || sequence); AAD = seq_num || type || version || length.
        byte[] nonce = [.. writeSalt, .. record.AsSpan(DtlsRecordHeader.Size, 8)];
        Assert.Equal(header.EpochAndSequence, BinaryPrimitives.ReadInt64BigEndian(nonce.AsSpan(4)));
        byte[] aad = new byte[13];
        BinaryPrimitives.WriteInt64BigEndian(aad, header.EpochAndSequence);
        aad[8] = DtlsRecordHeader.ApplicationData;
        BinaryPrimitives.WriteUInt16BigEndian(aad.AsSpan(9), DtlsRecordHeader.Dtls12);
        BinaryPrimitives.WriteUInt16BigEndian(aad.AsSpan(11), (ushort)plaintextLength);
        byte[] expected = new byte[plaintextLength];
        byte[] expectedTag = new byte[16];
        using (var platform = new AesGcm(writeKey, 16))
        {
            platform.Encrypt(nonce, plaintext, expected, expectedTag, aad);
        }

        int body = DtlsRecordHeader.Size + 8;
        Assert.Equal(expected, record.AsSpan(body, plaintextLength).ToArray());
        Assert.Equal(expectedTag, record.AsSpan(body + plaintextLength, 16).ToArray());
    }

    [Fact]
    public void ForgedRecord_FailsAndLeavesNoPlaintext()
    {
        var random = new Random(9);
        byte[] clientKey = Bytes(random, 16), serverKey = Bytes(random, 16), clientSalt = Bytes(random, 4), serverSalt = Bytes(random, 4);
        using var client = new DtlsRecordProtection(clientKey, clientSalt, serverKey, serverSalt);
        using var server = new DtlsRecordProtection(serverKey, serverSalt, clientKey, clientSalt);
        client.OnBouncyCastleEncode(1L << 48);
        client.TakeOverWriting();
        byte[] record = new byte[1200 + DtlsRecordProtection.RecordOverhead];
        Assert.True(client.TryEncodeRecord(DtlsRecordHeader.ApplicationData, Bytes(random, 1200), record, out _));
        Assert.True(DtlsRecordHeader.TryParse(record, out DtlsRecordHeader header));

        record[DtlsRecordHeader.Size + 8 + 600] ^= 0x80;
        byte[] plaintext = new byte[1500];
        plaintext.AsSpan().Fill(0x5A);
        Assert.Equal(DtlsRecordStatus.AuthenticationFailed, server.TryDecryptRecord(header, record, plaintext, out int length));
        Assert.Equal(0, length);
        Assert.True(plaintext.AsSpan(0, 1200).IndexOfAnyExcept((byte)0) < 0, "unauthenticated plaintext left in the buffer");

        record[DtlsRecordHeader.Size + 8 + 600] ^= 0x80;
        Assert.Equal(DtlsRecordStatus.Accepted, server.TryDecryptRecord(header, record, plaintext, out length));
        Assert.Equal(1200, length);
    }

    private static byte[] Bytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
