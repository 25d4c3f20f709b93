using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Stun.Attributes;

namespace Jingle.Net.Stun.Tests.Codec;

public sealed class StunMessageReaderWriterTests
{
    [Theory]
    [InlineData(StunMethod.Binding, StunClass.Request, 0x0001)]
    [InlineData(StunMethod.Binding, StunClass.Indication, 0x0011)]
    [InlineData(StunMethod.Binding, StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunMethod.Binding, StunClass.ErrorResponse, 0x0111)]
    [InlineData(StunMethod.Allocate, StunClass.Request, 0x0003)]
    [InlineData(StunMethod.Allocate, StunClass.ErrorResponse, 0x0113)]
    [InlineData(StunMethod.Send, StunClass.Indication, 0x0016)]
    [InlineData(StunMethod.Data, StunClass.Indication, 0x0017)]
    [InlineData(StunMethod.ChannelBind, StunClass.SuccessResponse, 0x0109)]
    public void MessageType_EncodesPerRfc8489Figure3(StunMethod method, StunClass @class, int wire)
    {
        var type = new StunMessageType(method, @class);
        Assert.Equal((ushort)wire, type.ToUInt16());
        Assert.Equal(type, StunMessageType.FromUInt16((ushort)wire));
    }

    [Fact]
    public void MessageType_AllFourteenBitValuesRoundTrip()
    {
        for (int value = 0; value < 0x4000; value++)
        {
            Assert.Equal(value, StunMessageType.FromUInt16((ushort)value).ToUInt16());
        }
    }

    [Theory]
    [InlineData("", StunParseError.Truncated)]
    [InlineData("0001000021", StunParseError.Truncated)]
    [InlineData("c00100002112a442000000000000000000000000", StunParseError.NotStun)]
    [InlineData("000100022112a442000000000000000000000000", StunParseError.BadLength)]
    [InlineData("000100042112a442000000000000000000000000", StunParseError.Truncated)]
    [InlineData("000100002112a44200000000000000000000000000", StunParseError.TrailingBytes)]
    [InlineData("000100042112a44200000000000000000000000080220008", StunParseError.AttributeTruncated)]
    [InlineData("000100082112a442000000000000000000000000000800040000000000", StunParseError.TrailingBytes)]
    [InlineData("000100082112a4420000000000000000000000000008000400000000", StunParseError.BadAttributeValue)]
    [InlineData("000100082112a4420000000000000000000000008028000000000000", StunParseError.BadAttributeValue)]
    public void TryParse_RejectsBadFraming(string hex, StunParseError expected)
    {
        Assert.False(StunMessageReader.TryParse(Convert.FromHexString(hex), out _, out StunParseError error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_AttributeAfterFingerprint_IsRejected()
    {
        byte[] data = Convert.FromHexString("0001000c2112a442000000000000000000000000" + "8028000400000000" + "80220000");
        Assert.False(StunMessageReader.TryParse(data, out _, out StunParseError error));
        Assert.Equal(StunParseError.FingerprintNotLast, error);
    }

    [Fact]
    public void Reader_IgnoresAttributesAfterMessageIntegrity()
    {
        byte[] buffer = new byte[256];
        using var key = new StunIntegrityKey("pw"u8);
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.CreateRandom(RandomSource.CreateSeeded(1)));
        writer.AddUsername("a:b");
        writer.AddMessageIntegrity(key);
        writer.AddPriority(7); // an attacker's addition after the integrity: must be ignored
        Assert.True(StunMessageReader.TryParse(buffer.AsSpan(0, writer.Length), out StunMessageReader reader, out _));
        Assert.False(reader.HasAttribute(StunAttributeType.Priority));
        Assert.True(reader.ValidateMessageIntegrity(key));
        Assert.DoesNotContain(StunMessage.Parse(buffer.AsSpan(0, writer.Length)).Attributes, a => a is PriorityAttribute);
    }

    [Fact]
    public void Writer_IceBindingRequest_ValidatesAndReadsBack()
    {
        byte[] buffer = new byte[200];
        StunTransactionId id = StunTransactionId.CreateRandom(RandomSource.CreateSeeded(2));
        using var key = StunIntegrityKey.ShortTermRaw("remotepassword0123456789");
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, id);
        writer.AddUsername("rfrag:lfrag");
        writer.AddPriority(0x6E7F1EFF);
        writer.AddIceControlling(0x0102030405060708);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();

        Assert.True(StunMessageReader.TryParse(buffer.AsSpan(0, writer.Length), out StunMessageReader reader, out _));
        Assert.Equal(id, reader.TransactionId);
        Assert.True(reader.AttributeEquals(StunAttributeType.Username, "rfrag:lfrag"u8));
        Assert.True(reader.TryGetUInt32(StunAttributeType.Priority, out uint priority));
        Assert.Equal(0x6E7F1EFFu, priority);
        Assert.True(reader.TryGetUInt64(StunAttributeType.IceControlling, out ulong tieBreaker));
        Assert.Equal(0x0102030405060708ul, tieBreaker);
        Assert.True(reader.HasAttribute(StunAttributeType.UseCandidate));
        Assert.True(reader.ValidateMessageIntegrity(key));
        Assert.True(reader.ValidateFingerprint());
    }

    [Fact]
    public void HotPath_BuildParseValidate_AllocatesNothing()
    {
        byte[] buffer = new byte[200];
        StunTransactionId id = StunTransactionId.CreateRandom(RandomSource.CreateSeeded(3));
        using var key = StunIntegrityKey.ShortTermRaw("remotepassword0123456789");
        RunOnce(buffer, id, key); // warm up (lazy HMAC state, JIT)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(RunOnce(buffer, id, key));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static bool RunOnce(byte[] buffer, StunTransactionId id, StunIntegrityKey key)
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, id);
            writer.AddUsername("rfrag:lfrag");
            writer.AddPriority(1);
            writer.AddIceControlling(2);
            writer.AddMessageIntegrity(key);
            writer.AddFingerprint();
            return StunMessageReader.TryParse(buffer.AsSpan(0, writer.Length), out StunMessageReader reader, out _)
                && reader.ValidateFingerprint() && reader.ValidateMessageIntegrity(key)
                && reader.AttributeEquals(StunAttributeType.Username, "rfrag:lfrag"u8);
        }
    }

    [Fact]
    public void Writer_TooSmallBuffer_Throws()
    {
        byte[] buffer = new byte[24];
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, default);
            writer.AddUsername("too long for this");
        });
    }

    [Fact]
    public void ErrorCode_WritesClassAndNumber()
    {
        var message = new StunMessage(StunMessageType.BindingErrorResponse, StunTransactionId.FromBytes(new byte[12]), [new ErrorCodeAttribute(438)]);
        byte[] bytes = message.ToArray();
        Assert.Equal(new byte[] { 0x00, 0x09, 0x00, 0x0F, 0, 0, 4, 38 }, bytes[20..28]);
        Assert.Equal(438, StunMessage.Parse(bytes).ErrorCode);
        Assert.Equal("Stale Nonce", StunMessage.Parse(bytes).GetAttribute<ErrorCodeAttribute>()!.Reason);
    }

    [Fact]
    public void XorMappedAddress_KnownBytes()
    {
        var message = new StunMessage(StunMessageType.BindingSuccessResponse, StunTransactionId.FromBytes(new byte[12]),
            [new XorMappedAddressAttribute(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853))]);
        Assert.Equal(Convert.FromHexString("002000080001a147e112a643"), message.ToArray()[20..]);
    }

    [Fact]
    public void UnknownComprehensionRequired_Builds420WithUnknownAttributes()
    {
        byte[] buffer = new byte[100];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.CreateRandom(RandomSource.CreateSeeded(4)));
        writer.AddBytes((StunAttributeType)0x7ABC, [1, 2, 3]);
        writer.AddBytes((StunAttributeType)0xC001, [1]); // comprehension-optional: ignored
        writer.AddBytes((StunAttributeType)0x7ABC, [4]); // duplicate reported once
        writer.AddPriority(5);
        Assert.True(StunMessageReader.TryParse(buffer.AsSpan(0, writer.Length), out StunMessageReader reader, out _));
        Span<ushort> unknown = stackalloc ushort[8];
        int count = reader.GetUnknownComprehensionRequired(unknown);
        Assert.Equal([0x7ABC], unknown[..count].ToArray());

        StunMessage request = StunMessage.Parse(buffer.AsSpan(0, writer.Length));
        StunMessage response = request.CreateUnknownAttributesResponse(unknown[..count].ToArray());
        StunMessage parsed = StunMessage.Parse(response.ToArray());
        Assert.Equal(StunClass.ErrorResponse, parsed.Type.Class);
        Assert.Equal(request.TransactionId, parsed.TransactionId);
        Assert.Equal(420, parsed.ErrorCode);
        Assert.Equal(new ushort[] { 0x7ABC }, parsed.GetAttribute<UnknownAttributesAttribute>()!.Types);
    }

    [Fact]
    public void Rfc3489Form_ParsesWithoutCookie()
    {
        StunTransactionId id = StunTransactionId.CreateRandomRfc3489(RandomSource.CreateSeeded(5));
        Assert.False(id.HasMagicCookie);
        byte[] buffer = new byte[100];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, id);
        writer.AddAddress(StunAttributeType.MappedAddress, new IPEndPoint(IPAddress.Parse("10.1.2.3"), 4000));
        Assert.True(StunMessageReader.TryParse(buffer.AsSpan(0, writer.Length), out StunMessageReader reader, out _));
        Assert.False(reader.HasMagicCookie);
        Assert.Equal(id, reader.TransactionId);
        Assert.True(reader.TryGetMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 4000), mapped);
        Assert.False(StunMessageReader.IsStun(buffer.AsSpan(0, writer.Length)));
        Assert.True(StunMessageReader.IsStun(buffer.AsSpan(0, writer.Length), requireCookie: false));
    }
}
