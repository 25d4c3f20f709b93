using System.Net;
using System.Text;
using Jingle.Net.Stun.Attributes;
using Jingle.Net.Stun.Credentials;

namespace Jingle.Net.Stun.Tests.Codec;

public sealed class Rfc5769Tests
{
    [Fact]
    public void Rfc5769_SampleRequest_Parses()
    {
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.SampleRequest, out StunMessageReader reader, out StunParseError error), error.ToString());
        Assert.Equal(StunMessageType.BindingRequest, reader.Type);
        Assert.Equal(StunTransactionId.FromBytes(Rfc5769Vectors.TransactionId), reader.TransactionId);
        Assert.True(reader.HasMagicCookie);
        Assert.True(reader.TryGetString(StunAttributeType.Software, out string software));
        Assert.Equal("STUN test client", software);
        Assert.True(reader.TryGetUInt32(StunAttributeType.Priority, out uint priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(reader.TryGetUInt64(StunAttributeType.IceControlled, out ulong tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.True(reader.AttributeEquals(StunAttributeType.Username, "evtj:h6vY"u8));
    }

    [Fact]
    public void Rfc5769_SampleRequest_IntegrityAndFingerprintValidate()
    {
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.SampleRequest, out StunMessageReader reader, out _));
        using var key = StunIntegrityKey.ShortTerm(Rfc5769Vectors.ShortTermPassword);
        Assert.True(reader.ValidateMessageIntegrity(key));
        Assert.True(reader.ValidateMessageIntegrity(Encoding.UTF8.GetBytes(Rfc5769Vectors.ShortTermPassword)));
        Assert.True(reader.ValidateFingerprint());
        using var wrong = StunIntegrityKey.ShortTerm("VOkJxbRl1RmTxUk/WvJxBu");
        Assert.False(reader.ValidateMessageIntegrity(wrong));
    }

    [Fact]
    public void Rfc5769_SampleRequest_TamperedByteFailsBothChecks()
    {
        byte[] tampered = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        tampered[47] ^= 1; // inside PRIORITY
        Assert.True(StunMessageReader.TryParse(tampered, out StunMessageReader reader, out _));
        using var key = StunIntegrityKey.ShortTerm(Rfc5769Vectors.ShortTermPassword);
        Assert.False(reader.ValidateMessageIntegrity(key));
        Assert.False(reader.ValidateFingerprint());
    }

    [Fact]
    public void Rfc5769_SampleIPv4Response_Parses()
    {
        StunMessage message = StunMessage.Parse(Rfc5769Vectors.SampleIPv4Response);
        Assert.Equal(StunMessageType.BindingSuccessResponse, message.Type);
        Assert.Equal("test vector", message.GetAttribute<SoftwareAttribute>()!.Value);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), message.GetMappedAddress());

        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.SampleIPv4Response, out StunMessageReader reader, out _));
        using var key = StunIntegrityKey.ShortTerm(Rfc5769Vectors.ShortTermPassword);
        Assert.True(reader.ValidateMessageIntegrity(key));
        Assert.True(reader.ValidateFingerprint());
    }

    [Fact]
    public void Rfc5769_SampleIPv6Response_Parses()
    {
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.SampleIPv6Response, out StunMessageReader reader, out _));
        Assert.True(reader.TryGetXorAddress(StunAttributeType.XorMappedAddress, out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        using var key = StunIntegrityKey.ShortTerm(Rfc5769Vectors.ShortTermPassword);
        Assert.True(reader.ValidateMessageIntegrity(key));
        Assert.True(reader.ValidateFingerprint());
    }

    [Fact]
    public void Rfc5769_SampleLongTermRequest_ValidatesWithSaslprepKey()
    {
        Assert.Equal("TheMatrIX", Saslprep.Prepare(Rfc5769Vectors.LongTermPassword));
        Assert.True(StunMessageReader.TryParse(Rfc5769Vectors.SampleLongTermRequest, out StunMessageReader reader, out _));
        Assert.True(reader.TryGetString(StunAttributeType.Username, out string username));
        Assert.Equal(Rfc5769Vectors.LongTermUsername, username);
        Assert.True(reader.TryGetString(StunAttributeType.Nonce, out string nonce));
        Assert.Equal(Rfc5769Vectors.LongTermNonce, nonce);
        Assert.True(reader.TryGetString(StunAttributeType.Realm, out string realm));
        Assert.Equal(Rfc5769Vectors.LongTermRealm, realm);
        Assert.False(reader.HasFingerprint);

        using var key = StunIntegrityKey.LongTerm(username, realm, Rfc5769Vectors.LongTermPassword, PasswordAlgorithm.Md5, StringPreparation.Saslprep);
        Assert.True(reader.ValidateMessageIntegrity(key));
        using var unprepared = StunIntegrityKey.LongTerm(username, realm, Rfc5769Vectors.LongTermPassword, PasswordAlgorithm.Md5, StringPreparation.None);
        Assert.False(reader.ValidateMessageIntegrity(unprepared));
    }

    [Fact]
    public void Rfc5769_SampleRequest_RewrittenWithWriter_MatchesIntegrityAndFingerprint()
    {
        // Rebuild 2.1 with our writer (zero padding instead of the RFC's spaces) and check the receiver accepts it.
        byte[] buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.FromBytes(Rfc5769Vectors.TransactionId));
        writer.AddString(StunAttributeType.Software, "STUN test client");
        writer.AddPriority(0x6e0001ff);
        writer.AddIceControlled(0x932ff9b151263b36);
        writer.AddUsername("evtj:h6vY");
        using var key = StunIntegrityKey.ShortTerm(Rfc5769Vectors.ShortTermPassword);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        Assert.Equal(Rfc5769Vectors.SampleRequest.Length, writer.Length);
        // Everything up to the USERNAME padding is identical to the RFC.
        Assert.Equal(Rfc5769Vectors.SampleRequest.AsSpan(0, 69).ToArray(), buffer.AsSpan(0, 69).ToArray());
        Assert.True(StunMessageReader.TryParse(buffer.AsSpan(0, writer.Length), out StunMessageReader reader, out _));
        Assert.True(reader.ValidateMessageIntegrity(key));
        Assert.True(reader.ValidateFingerprint());
    }

    [Fact]
    public void Rfc5769_SampleIPv6Response_ObjectModelRoundTrips()
    {
        StunMessage message = StunMessage.Parse(Rfc5769Vectors.SampleIPv6Response);
        using var key = StunIntegrityKey.ShortTerm(Rfc5769Vectors.ShortTermPassword);
        byte[] rewritten = message.ToArray(new StunSecurity(key, Fingerprint: true));
        Assert.Equal(Rfc5769Vectors.SampleIPv6Response.Length, rewritten.Length);
        Assert.True(StunMessageReader.TryParse(rewritten, out StunMessageReader reader, out _));
        Assert.True(reader.ValidateMessageIntegrity(key));
        Assert.True(reader.ValidateFingerprint());
        Assert.Equal(message.GetMappedAddress(), StunMessage.Parse(rewritten).GetMappedAddress());
    }
}
