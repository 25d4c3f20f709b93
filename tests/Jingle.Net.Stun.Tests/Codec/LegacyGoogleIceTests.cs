using System.Net;
using Jingle.Net.Base;

namespace Jingle.Net.Stun.Tests.Codec;

public sealed class LegacyGoogleIceTests
{
    [Fact]
    public void Request_IsRfc3489FormWithConcatenatedUsernameAndNoIntegrity()
    {
        byte[] buffer = new byte[100];
        StunTransactionId id = StunTransactionId.CreateRandomRfc3489(RandomSource.CreateSeeded(1));
        int length = LegacyGoogleIce.WriteBindingRequest(buffer, id, remoteFragment: "RRRRRRRRRRRRRRRR", localFragment: "LLLLLLLLLLLLLLLL");
        Assert.True(StunMessageReader.TryParse(buffer.AsSpan(0, length), out StunMessageReader reader, out _));
        Assert.False(reader.HasMagicCookie);
        Assert.False(reader.HasMessageIntegrity);
        Assert.True(reader.AttributeEquals(StunAttributeType.Username, "RRRRRRRRRRRRRRRRLLLLLLLLLLLLLLLL"u8));

        // The receiver's local fragment is our remote one.
        Assert.True(reader.TryGetAttribute(StunAttributeType.Username, out ReadOnlySpan<byte> username));
        Assert.True(LegacyGoogleIce.IsValidRequestUsername(username, "RRRRRRRRRRRRRRRR", "LLLLLLLLLLLLLLLL"));
        Assert.True(LegacyGoogleIce.IsValidRequestUsername(username, "RRRRRRRRRRRRRRRR"));
        Assert.False(LegacyGoogleIce.IsValidRequestUsername(username, "LLLLLLLLLLLLLLLL")); // "bad username"
        Assert.False(LegacyGoogleIce.IsValidRequestUsername(username, "RRRRRRRRRRRRRRRR", "XXXXXXXXXXXXXXXX"));
    }

    [Fact]
    public void Response_EchoesUsernameWithMappedAddress()
    {
        byte[] buffer = new byte[100];
        StunTransactionId id = StunTransactionId.CreateRandomRfc3489(RandomSource.CreateSeeded(2));
        var mapped = new IPEndPoint(IPAddress.Parse("61.1.2.3"), 2580);
        int length = LegacyGoogleIce.WriteBindingResponse(buffer, id, mapped, "RRLL"u8);
        StunMessage response = StunMessage.Parse(buffer.AsSpan(0, length));
        Assert.Equal(StunMessageType.BindingSuccessResponse, response.Type);
        Assert.Equal(id, response.TransactionId);
        Assert.Equal(mapped, response.GetMappedAddress());
        Assert.Equal("RRLL", response.GetAttribute<Attributes.UsernameAttribute>()!.Value);
    }
}
