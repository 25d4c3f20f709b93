using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Jingle.Net.Ice.Mdns;

namespace Jingle.Net.Ice.Tests.Mdns;

/// <summary>The sans-I/O DNS message reader/writer under the mDNS resolver (RFC 1035 §4, RFC 6762 §18).</summary>
public sealed class DnsMessageTests
{
    [Fact]
    public void OneShotQuery_ForAandAaaa_IsTheExpectedBytes()
    {
        DnsMessage query = DnsMessage.CreateQuery(0, "abc.local", DnsRecordType.A, DnsRecordType.Aaaa);
        byte[] buffer = new byte[query.GetSerializedLength()];

        Assert.True(query.TryWrite(buffer, out int written));

        byte[] name = [3, (byte)'a', (byte)'b', (byte)'c', 5, (byte)'l', (byte)'o', (byte)'c', (byte)'a', (byte)'l', 0];
        byte[] expected = [0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, .. name, 0, 1, 0, 1, .. name, 0, 28, 0, 1];
        Assert.Equal(expected, buffer[..written]);
        Assert.Equal(expected.Length, written);
    }

    [Fact]
    public void Response_WithCompressedNamesAndCacheFlush_Parses()
    {
        // Header: id 0, QR+AA, no questions, one answer, no authority, one additional.
        byte[] packet =
        [
            0, 0, 0x84, 0x00, 0, 0, 0, 1, 0, 0, 0, 1,
            3, (byte)'a', (byte)'b', (byte)'c', 5, (byte)'l', (byte)'o', (byte)'c', (byte)'a', (byte)'l', 0, // offset 12
            0, 1, 0x80, 1, 0, 0, 0, 120, 0, 4, 192, 0, 2, 7,
            0xC0, 12, 0, 28, 0x80, 1, 0, 0, 0, 120, 0, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9,
        ];

        Assert.True(DnsMessage.TryParse(packet, out DnsMessage? message));

        Assert.True(message!.IsResponse);
        DnsResourceRecord answer = Assert.Single(message.Answers);
        Assert.Equal("abc.local", answer.Name);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), answer.Address);
        Assert.Equal(120u, answer.Ttl);
        DnsResourceRecord additional = Assert.Single(message.Additionals);
        Assert.Equal("abc.local", additional.Name);
        Assert.Equal(IPAddress.Parse("2001:db8::9"), additional.Address);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 12 }, "pointer to itself")]
    [InlineData(new byte[] { 0xC0, 20 }, "forward pointer")]
    [InlineData(new byte[] { 5, (byte)'a' }, "label runs past the end")]
    [InlineData(new byte[] { 0x40, 0 }, "reserved label type")]
    public void MalformedNames_AreRejected_NotThrown(byte[] name, string why)
    {
        byte[] packet = [0, 0, 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0, .. name, 0, 1, 0, 1, 0, 0, 0, 0];

        Assert.False(DnsMessage.TryParse(packet, out DnsMessage? message), why);
        Assert.Null(message);
    }

    [Fact]
    public void CountsThatCannotFit_AndTruncatedRdata_AreRejected()
    {
        Assert.False(DnsMessage.TryParse([0, 0, 0x84, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0], out _));
        Assert.False(DnsMessage.TryParse([0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 192, 0], out _));
        Assert.False(DnsMessage.TryParse([0, 0, 0x84], out _));
    }

    [Fact]
    public void Names_LabelOver63OrTotalOver255_AreNotWritable()
    {
        Assert.Equal(-1, DnsName.GetEncodedLength(new string('a', 64) + ".local"));
        Assert.Equal(-1, DnsName.GetEncodedLength(string.Join('.', Enumerable.Repeat(new string('b', 60), 5))));
        Assert.Equal(-1, DnsName.GetEncodedLength("a..local"));
        DnsMessage query = DnsMessage.CreateQuery(0, new string('a', 64) + ".local", DnsRecordType.A);
        Assert.Equal(-1, query.GetSerializedLength());
        Assert.False(query.TryWrite(new byte[600], out _));
    }

    [Fact]
    public void TryWrite_IntoTooSmallBuffer_ReturnsFalse()
    {
        DnsMessage query = DnsMessage.CreateQuery(7, "x.local", DnsRecordType.A);
        Assert.False(query.TryWrite(new byte[query.GetSerializedLength() - 1], out int written));
        Assert.Equal(0, written);
    }

    private static Gen<string> Label =>
        Gen.Choose(1, 20).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-_".ToCharArray()), n)).Select(c => new string(c));

    private static Gen<string> Name => Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Label, n)).Select(labels => string.Join('.', labels));

    private static Gen<DnsResourceRecord> Record =>
        from name in Name
        from type in Gen.Elements(DnsRecordType.A, DnsRecordType.Aaaa, DnsRecordType.Ptr, (DnsRecordType)16)
        from cls in Gen.Elements((ushort)1, (ushort)0x8001, (ushort)255)
        from ttl in Gen.Choose(0, int.MaxValue)
        from data in Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n))
        select new DnsResourceRecord(name, type, cls, (uint)ttl, data);

    private static Gen<DnsMessage> Message =>
        from id in Gen.Choose(0, ushort.MaxValue)
        from flags in Gen.Elements((ushort)0, (ushort)(DnsMessage.ResponseFlag | DnsMessage.AuthoritativeFlag), (ushort)0x0100)
        from questions in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(
            from name in Name
            from type in Gen.Elements(DnsRecordType.A, DnsRecordType.Aaaa, DnsRecordType.Any)
            from cls in Gen.Elements((ushort)1, (ushort)0x8001)
            select new DnsQuestion(name, type, cls), n))
        from answers in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Record, n))
        from authorities in Gen.Choose(0, 1).SelectMany(n => Gen.ArrayOf(Record, n))
        from additionals in Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(Record, n))
        select new DnsMessage { Id = (ushort)id, Flags = flags, Questions = questions, Answers = answers, Authorities = authorities, Additionals = additionals };

    [Property(MaxTest = 300)]
    public Property ParseOfWrite_IsTheSameMessage() => Prop.ForAll(Message.ToArbitrary(), message =>
    {
        byte[] buffer = new byte[message.GetSerializedLength()];
        return message.TryWrite(buffer, out int written) && written == buffer.Length
            && DnsMessage.TryParse(buffer, out DnsMessage? parsed) && parsed == message;
    });

    [Property(MaxTest = 500)]
    public bool ArbitraryBytes_ParseOrFail_NeverThrow(byte[] bytes)
    {
        bool parsed = DnsMessage.TryParse(bytes ?? [], out DnsMessage? message);
        return parsed == (message is not null);
    }

    [Property(MaxTest = 300)]
    public Property ArbitraryBytesAfterAValidHeader_ParseOrFail_NeverThrow() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).ToArbitrary(), Gen.Choose(0, 3).ToArbitrary(), (byte[] body, int count) =>
        {
            byte[] packet = [0, 0, 0x84, 0, 0, (byte)count, 0, (byte)count, 0, 0, 0, (byte)count, .. body];
            bool parsed = DnsMessage.TryParse(packet, out DnsMessage? message);
            return parsed == (message is not null);
        });
}
