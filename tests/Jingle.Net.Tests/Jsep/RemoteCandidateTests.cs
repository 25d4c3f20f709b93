using System.Text.Json;
using Jingle.Net.Jsep;
using Jingle.Net.Sdp;
using Jingle.Net.Tests.Sdp;

namespace Jingle.Net.Tests.Jsep;

public sealed class RemoteCandidateTests
{
    private const string Candidate = "candidate:1 1 udp 2130706431 192.0.2.9 40000 typ host";

    private static SessionDescription Remote() => SessionDescription.Parse(SdpSamples.Load("chromium-offer-audio-video-data.sdp"));

    [Fact]
    public void ByMid_AddsTheCandidate()
    {
        SessionDescription remote = Remote();
        MediaDescription? m = SdpOfferAnswer.AddRemoteCandidate(remote, new RtcIceCandidateInit(Candidate, SdpMid: "1"));
        Assert.Same(remote.Media[1], m);
        Assert.Equal("1 1 udp 2130706431 192.0.2.9 40000 typ host", remote.Media[1].Candidates.Single().Value);
        Assert.Contains("a=" + Candidate + "\r\n", remote.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ByIndex_AndDuplicatesIgnored()
    {
        SessionDescription remote = Remote();
        SdpOfferAnswer.AddRemoteCandidate(remote, new RtcIceCandidateInit(Candidate, SdpMLineIndex: 2));
        SdpOfferAnswer.AddRemoteCandidate(remote, new RtcIceCandidateInit(Candidate, SdpMLineIndex: 2));
        Assert.Single(remote.Media[2].Candidates);
    }

    [Fact]
    public void EndOfCandidates_OneSectionOrAll_CandidatesStayBeforeIt()
    {
        SessionDescription remote = Remote();
        SdpOfferAnswer.AddRemoteCandidate(remote, new RtcIceCandidateInit(string.Empty, SdpMid: "0"));
        Assert.True(remote.Media[0].EndOfCandidates);
        Assert.False(remote.Media[1].EndOfCandidates);
        SdpOfferAnswer.AddRemoteCandidate(remote, new RtcIceCandidateInit(Candidate, SdpMid: "0"));
        int candidateIndex = remote.Media[0].Attributes.IndexOf(remote.Media[0].Candidates.Single());
        int endIndex = remote.Media[0].Attributes.IndexOf(remote.Media[0].Attributes.Get("end-of-candidates")!);
        Assert.True(candidateIndex < endIndex);
        Assert.Null(SdpOfferAnswer.AddRemoteCandidate(remote, new RtcIceCandidateInit(string.Empty)));
        Assert.All(remote.Media, m => Assert.True(m.EndOfCandidates));
    }

    [Fact]
    public void Errors_FollowW3C()
    {
        SessionDescription remote = Remote();
        Assert.Throws<ArgumentException>(() => SdpOfferAnswer.AddRemoteCandidate(remote, new RtcIceCandidateInit(Candidate)));
        Assert.Equal("OperationError", Assert.Throws<RtcOperationException>(() =>
            SdpOfferAnswer.AddRemoteCandidate(remote, new RtcIceCandidateInit(Candidate, SdpMid: "nope"))).ErrorName);
        Assert.Throws<RtcOperationException>(() => SdpOfferAnswer.AddRemoteCandidate(remote, new RtcIceCandidateInit(Candidate, SdpMLineIndex: 3)));
        Assert.Throws<RtcOperationException>(() => SdpOfferAnswer.AddRemoteCandidate(remote, new RtcIceCandidateInit("candidate:x", SdpMid: "0")));
        Assert.Throws<RtcOperationException>(() =>
            SdpOfferAnswer.AddRemoteCandidate(remote, new RtcIceCandidateInit(Candidate, SdpMid: "0", UsernameFragment: "old!")));
        SdpOfferAnswer.AddRemoteCandidate(remote, new RtcIceCandidateInit(Candidate, SdpMid: "0", UsernameFragment: remote.Media[0].IceUfrag));
        Assert.Single(remote.Media[0].Candidates);
    }

    [Fact]
    public void Json_W3CShape()
    {
        var c = new RtcIceCandidateInit(Candidate, "0", 0, "abcd");
        Assert.Equal("{\"candidate\":\"" + Candidate + "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"abcd\"}", c.ToJson());
        Assert.Equal(c, RtcIceCandidateInit.FromJson(c.ToJson()));
        RtcIceCandidateInit end = RtcIceCandidateInit.FromJson("{\"sdpMid\":\"0\"}");
        Assert.True(end.IsEndOfCandidates);
        Assert.Null(end.SdpMLineIndex);
        Assert.ThrowsAny<JsonException>(() => RtcIceCandidateInit.FromJson("null"));
        Assert.ThrowsAny<JsonException>(() => RtcIceCandidateInit.FromJson("{\"sdpMLineIndex\":\"x\"}"));
    }
}
