using System.Text.Json;
using Jingle.Net.Jsep;
using Jingle.Net.Tests.Sdp;

namespace Jingle.Net.Tests.Jsep;

public sealed class RtcSessionDescriptionTests
{
    [Theory]
    [InlineData(SdpType.Offer, "offer")]
    [InlineData(SdpType.PrAnswer, "pranswer")]
    [InlineData(SdpType.Answer, "answer")]
    [InlineData(SdpType.Rollback, "rollback")]
    public void SdpType_WireStrings(SdpType type, string wire)
    {
        Assert.Equal(wire, type.ToWireString());
        Assert.Equal(type, SdpTypes.Parse(wire));
    }

    [Theory]
    [InlineData("Offer")]
    [InlineData("")]
    [InlineData("provisional")]
    public void SdpType_Parse_RejectsOtherStrings(string wire)
    {
        Assert.Throws<FormatException>(() => SdpTypes.Parse(wire));
        Assert.False(SdpTypes.TryParse(wire, out _));
    }

    [Fact]
    public void Json_WritesTheAiortcConvention()
    {
        var d = new RtcSessionDescription(SdpType.Offer, "v=0\r\n");
        Assert.Equal("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}", d.ToJson());
    }

    [Fact]
    public void Json_ReadsAiortcExampleOrder_AndRoundTripsASample()
    {
        string sdp = SdpSamples.Load("aiortc-offer-data.sdp");
        string json = JsonSerializer.Serialize(new Dictionary<string, string> { ["sdp"] = sdp, ["type"] = "offer" });
        RtcSessionDescription d = RtcSessionDescription.FromJson(json);
        Assert.Equal(SdpType.Offer, d.Type);
        Assert.Equal(sdp, d.Sdp);
        Assert.Equal(d, RtcSessionDescription.FromJson(d.ToJson()));
        Assert.Single(d.ParseSdp().Media);
    }

    [Fact]
    public void Json_MissingSdp_IsEmpty_ExtraFieldsIgnored()
    {
        RtcSessionDescription d = RtcSessionDescription.FromJson("{\"type\":\"rollback\",\"video_transform\":\"none\"}");
        Assert.Equal(new RtcSessionDescription(SdpType.Rollback, string.Empty), d);
        Assert.Equal(string.Empty, RtcSessionDescription.FromJson("{\"type\":\"answer\",\"sdp\":null}").Sdp);
    }

    [Theory]
    [InlineData("{\"sdp\":\"v=0\"}")]
    [InlineData("{\"type\":\"bogus\",\"sdp\":\"v=0\"}")]
    [InlineData("{\"type\":1,\"sdp\":\"v=0\"}")]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("{")]
    public void Json_Malformed_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => RtcSessionDescription.FromJson(json));
        Assert.False(RtcSessionDescription.TryFromJson(json, out _));
    }
}
