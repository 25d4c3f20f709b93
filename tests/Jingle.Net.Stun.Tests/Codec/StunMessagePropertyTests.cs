using System.Buffers.Binary;
using FsCheck;
using FsCheck.Xunit;

namespace Jingle.Net.Stun.Tests.Codec;

public sealed class StunMessagePropertyTests
{
    [Property(Arbitrary = [typeof(StunArbitraries)], MaxTest = 500)]
    public bool Parse_Write_RoundTrips(StunMessage message)
    {
        byte[] bytes = message.ToArray();
        Assert.Equal(bytes.Length, message.GetSerializedLength());
        return StunMessage.Parse(bytes).Equals(message);
    }

    [Property(Arbitrary = [typeof(StunArbitraries)], MaxTest = 300)]
    public bool WriterAndReader_AgreeOnSecurity(StunMessage message)
    {
        message.Attributes.RemoveAll(a => a.Type is StunAttributeType.MessageIntegrity or StunAttributeType.Fingerprint);
        using var key = new StunIntegrityKey("secret"u8);
        byte[] bytes = message.ToArray(new StunSecurity(key, Sha1: true, Sha256: true, Fingerprint: true));
        Assert.True(StunMessageReader.TryParse(bytes, out StunMessageReader reader, out _));
        return reader.ValidateMessageIntegrity(key) && reader.ValidateMessageIntegritySha256(key) && reader.ValidateFingerprint();
    }

    [Property(MaxTest = 2000)]
    public void ArbitraryBytes_ParseOrFailCleanly(byte[] data)
    {
        AssertParsesOrFails(data);
    }

    [Property(MaxTest = 2000)]
    public void ArbitraryBody_WithValidHeader_ParseOrFailCleanly(byte[] body, ushort method)
    {
        // A header that passes the framing checks, so the attribute walker sees random bytes.
        int length = body.Length & ~3;
        byte[] data = new byte[20 + length];
        BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)(method & 0x3FFF));
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), StunConstants.MagicCookie);
        body.AsSpan(0, length).CopyTo(data.AsSpan(20));
        AssertParsesOrFails(data);
    }

    [Property(Arbitrary = [typeof(StunArbitraries)], MaxTest = 500)]
    public void MutatedMessages_ParseOrFailCleanly(StunMessage message, int position, byte value, bool truncate)
    {
        byte[] bytes = message.ToArray();
        int at = (int)((uint)position % (uint)bytes.Length);
        if (truncate)
        {
            bytes = bytes[..at];
        }
        else
        {
            bytes[at] = value;
        }

        AssertParsesOrFails(bytes);
    }

    private static void AssertParsesOrFails(byte[] data)
    {
        try
        {
            if (StunMessageReader.TryParse(data, out StunMessageReader reader, out StunParseError error))
            {
                using var key = new StunIntegrityKey("k"u8);
                _ = reader.ValidateMessageIntegrity(key);
                _ = reader.ValidateMessageIntegritySha256(key);
                _ = reader.ValidateFingerprint();
                _ = reader.TryGetMappedAddress(out _);
                _ = reader.TryGetErrorCode(out _, out _);
                Span<ushort> unknown = stackalloc ushort[8];
                _ = reader.GetUnknownComprehensionRequired(unknown);
            }
            else
            {
                Assert.NotEqual(StunParseError.None, error);
            }

            _ = StunMessage.Parse(data);
        }
        catch (StunParseException e)
        {
            Assert.NotEqual(StunParseError.None, e.Error);
        }
    }
}
