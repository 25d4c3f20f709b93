using Jingle.Net.Jsep;
using Jingle.Net.Sdp;

namespace Jingle.Net.Tests.Jsep;

public sealed class SdpOfferTests
{
    internal static readonly LocalTransportParameters Ours = new("ourU", "ourPasswordIs22CharsLng",
        [new DtlsFingerprint("sha-256", "6F:A2:28:AE:34:5D:C3:36:4B:92:B2:07:49:4D:A4:3A:D9:7C:2A:EF:60:D6:D2:9E:74:20:46:A2:22:AF:58:7F")])
    {
        Candidates = ["candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host"],
    };

    internal static OfferOptions AudioVideoData() => new(Ours)
    {
        SessionId = "77",
        Media =
        [
            new OfferedMedia("audio", "0", MediaDirection.SendRecv) { StreamId = "s", TrackId = "a1", Ssrc = 1111, Cname = "cn" },
            new OfferedMedia("video", "1", MediaDirection.SendRecv) { StreamId = "s", TrackId = "v1", Ssrc = 2222, RtxSsrc = 3333, Cname = "cn" },
        ],
        DataChannelMid = "2",
    };

    [Fact]
    public void AudioVideoDataOffer_Shape()
    {
        SessionDescription offer = SessionDescription.Parse(SdpOfferAnswer.CreateOffer(AudioVideoData()).ToString());
        Assert.Equal(["0", "1", "2"], offer.BundleGroups.Single().Mids);
        Assert.True(offer.ExtmapAllowMixed);
        Assert.Equal(["s"], offer.MsidSemantic!.Identifiers);

        MediaDescription audio = offer.Media[0];
        Assert.Equal(["96", "9", "0", "8", "97", "98"], audio.Formats);
        Assert.Equal(("opus", 2), (audio.GetRtpMap(96)!.EncodingName, audio.GetRtpMap(96)!.Channels!.Value));
        Assert.Null(audio.GetRtpMap(0)!.Channels);
        Assert.Equal("minptime=10;useinbandfec=1", audio.GetFmtp(96)!.Parameters);
        Assert.Equal(("telephone-event", 48000), (audio.GetRtpMap(97)!.EncodingName, audio.GetRtpMap(97)!.ClockRate));
        Assert.Equal(SdpSetupRole.ActPass, audio.Setup);
        Assert.True(audio.RtcpMux && audio.RtcpRsize);
        Assert.Equal(("s", "a1"), (audio.Msids.Single().StreamId, audio.Msids.Single().TrackId));
        Assert.Equal(["cname:cn", "msid:s a1"], audio.Ssrcs.Select(s => s.Attribute + ":" + s.Value));
        Assert.Single(audio.Candidates);
        Assert.Equal("rtcp", audio.Attributes[0].Name);
        Assert.Equal("candidate", audio.Attributes[1].Name);

        MediaDescription video = offer.Media[1];
        Assert.Equal(["96", "97"], video.Formats);
        Assert.Equal("apt=96", video.GetFmtp(97)!.Parameters);
        Assert.Equal(5, video.RtcpFeedbacks.Count());
        Assert.Equal([2222u, 3333u], video.SsrcGroups.Single().Ssrcs);
        Assert.Empty(video.Candidates);
        Assert.Equal("ourU", video.IceUfrag);

        MediaDescription data = offer.Media[2];
        Assert.True(data.IsDataChannel);
        Assert.Equal(5000, data.SctpPort);
    }

    [Fact]
    public void RecvOnlyTransceiver_HasNoMsidOrSsrc()
    {
        var options = new OfferOptions(Ours)
        {
            Media = [new OfferedMedia("video", "v", MediaDirection.RecvOnly) { TrackId = "t", Ssrc = 5 }],
        };
        MediaDescription m = SdpOfferAnswer.CreateOffer(options).Media[0];
        Assert.Equal(MediaDirection.RecvOnly, m.Direction);
        Assert.Empty(m.Msids);
        Assert.Empty(m.Ssrcs);
    }

    [Fact]
    public void DuplicateMids_AreRejected()
    {
        var options = new OfferOptions(Ours)
        {
            Media = [new OfferedMedia("audio", "0", MediaDirection.SendRecv)],
            DataChannelMid = "0",
        };
        Assert.Throws<ArgumentException>(() => SdpOfferAnswer.CreateOffer(options));
    }

    [Fact]
    public void OursAnsweredByOurs_AcceptsEverythingWithTheOfferedPayloadTypes()
    {
        SessionDescription offer = SessionDescription.Parse(SdpOfferAnswer.CreateOffer(AudioVideoData()).ToString());
        SessionDescription answer = SessionDescription.Parse(SdpOfferAnswer.CreateAnswer(offer, new AnswerOptions(Ours)).ToString());
        Assert.Equal(["0", "1", "2"], answer.BundleGroups.Single().Mids);
        Assert.Equal(offer.Media[0].Formats, answer.Media[0].Formats);
        Assert.Equal(offer.Media[1].Formats, answer.Media[1].Formats);
        Assert.Equal(5, answer.Media[1].RtcpFeedbacks.Count());
        Assert.All(answer.Media, m => Assert.Equal(SdpSetupRole.Active, m.Setup));
    }
}
