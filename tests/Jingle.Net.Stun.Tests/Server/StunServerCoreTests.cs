using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Stun.Attributes;

namespace Jingle.Net.Stun.Tests.Server;

public sealed class StunServerCoreTests
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("192.0.2.10"), 40000);

    private static readonly IPEndPoint[] FourSockets =
    [
        new(IPAddress.Parse("198.51.100.1"), 3478), new(IPAddress.Parse("198.51.100.1"), 3479),
        new(IPAddress.Parse("198.51.100.2"), 3478), new(IPAddress.Parse("198.51.100.2"), 3479),
    ];

    private static StunMessage Handle(Jingle.Net.Stun.Server.StunServerCore core, byte[] request, int index, out int replyFrom)
    {
        byte[] response = new byte[512];
        int length = core.Handle(request, Client, index, response, out replyFrom);
        Assert.True(length > 0);
        Assert.True(StunMessageReader.TryParse(response.AsSpan(0, length), out StunMessageReader reader, out _));
        if (reader.HasFingerprint)
        {
            Assert.True(reader.ValidateFingerprint());
        }

        return StunMessage.Parse(response.AsSpan(0, length));
    }

    [Fact]
    public void Binding_ReturnsXorMappedAddressAndFingerprintWhenAsked()
    {
        var core = new Jingle.Net.Stun.Server.StunServerCore([FourSockets[0]]);
        StunMessage request = StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(1));
        StunMessage response = Handle(core, request.ToArray(StunSecurity.FingerprintOnly), 0, out int from);
        Assert.Equal(0, from);
        Assert.Equal(StunMessageType.BindingSuccessResponse, response.Type);
        Assert.Equal(request.TransactionId, response.TransactionId);
        Assert.Equal(Client, response.GetAttribute<XorMappedAddressAttribute>()!.EndPoint);
        Assert.NotNull(response.GetAttribute<FingerprintAttribute>());
        Assert.Equal(1, core.BindingRequests);
    }

    [Fact]
    public void Rfc3489Request_GetsMappedAndSourceAddress()
    {
        var core = new Jingle.Net.Stun.Server.StunServerCore(FourSockets);
        var request = new StunMessage(StunMessageType.BindingRequest, StunTransactionId.CreateRandomRfc3489(RandomSource.CreateSeeded(2)));
        StunMessage response = Handle(core, request.ToArray(), 0, out _);
        Assert.Equal(Client, response.GetAttribute<MappedAddressAttribute>()!.EndPoint);
        Assert.Equal(FourSockets[0], response.GetAttribute<SourceAddressAttribute>()!.EndPoint);
        Assert.Equal(FourSockets[3], response.GetAttribute<ChangedAddressAttribute>()!.EndPoint);
        Assert.Null(response.GetAttribute<XorMappedAddressAttribute>());
    }

    [Theory]
    [InlineData(false, false, 0)]
    [InlineData(false, true, 1)]
    [InlineData(true, false, 2)]
    [InlineData(true, true, 3)]
    public void ChangeRequest_AnswersFromTheOtherSocket(bool changeIp, bool changePort, int expectedSocket)
    {
        var core = new Jingle.Net.Stun.Server.StunServerCore(FourSockets);
        StunMessage request = StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(3));
        request.Attributes.Add(new ChangeRequestAttribute(changeIp, changePort));
        StunMessage response = Handle(core, request.ToArray(), 0, out int from);
        Assert.Equal(expectedSocket, from);
        Assert.Equal(FourSockets[expectedSocket], response.GetAttribute<ResponseOriginAttribute>()!.EndPoint);
        Assert.Equal(FourSockets[3], response.GetAttribute<OtherAddressAttribute>()!.EndPoint);
    }

    [Fact]
    public void ChangeRequest_WithoutAlternate_Is420()
    {
        var core = new Jingle.Net.Stun.Server.StunServerCore([FourSockets[0]]);
        StunMessage request = StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(4));
        request.Attributes.Add(new ChangeRequestAttribute(true, true));
        StunMessage response = Handle(core, request.ToArray(), 0, out _);
        Assert.Equal(420, response.ErrorCode);
        Assert.Equal(new ushort[] { 0x0003 }, response.GetAttribute<UnknownAttributesAttribute>()!.Types);
    }

    [Fact]
    public void UnknownComprehensionRequiredAttribute_Is420()
    {
        var core = new Jingle.Net.Stun.Server.StunServerCore([FourSockets[0]]);
        StunMessage request = StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(5));
        request.Attributes.Add(new UnknownAttribute((StunAttributeType)0x7F01, [1, 2]));
        StunMessage response = Handle(core, request.ToArray(), 0, out _);
        Assert.Equal(StunClass.ErrorResponse, response.Type.Class);
        Assert.Equal(420, response.ErrorCode);
        Assert.Equal(new ushort[] { 0x7F01 }, response.GetAttribute<UnknownAttributesAttribute>()!.Types);
    }

    [Fact]
    public void MalformedAndBadFingerprint_AreDroppedAndCounted()
    {
        var core = new Jingle.Net.Stun.Server.StunServerCore([FourSockets[0]]);
        byte[] response = new byte[512];
        Assert.Equal(0, core.Handle([1, 2, 3], Client, 0, response, out _));
        byte[] bad = StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(6)).ToArray(StunSecurity.FingerprintOnly);
        bad[^1] ^= 0xFF;
        Assert.Equal(0, core.Handle(bad, Client, 0, response, out _));
        Assert.Equal(2, core.MalformedPackets);
        Assert.Equal(0, core.BindingRequests);
    }
}
