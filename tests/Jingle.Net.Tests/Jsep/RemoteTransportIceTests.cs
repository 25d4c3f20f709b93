using Jingle.Net.Ice;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Jsep;
using Jingle.Net.Sdp;
using Jingle.Net.Tests.Sdp;

namespace Jingle.Net.Tests.Jsep;

/// <summary>The bridge from SDP transport parameters to Jingle.Net.Ice's types.</summary>
public sealed class RemoteTransportIceTests
{
    private static RemoteTransport Transport(string sample) =>
        Assert.Single(SdpOfferAnswer.GetRemoteTransports(SessionDescription.Parse(SdpSamples.Load(sample))));

    [Fact]
    public void ChromiumOffer_ToIceAndDtlsTypes()
    {
        RemoteTransport t = Transport("chromium-offer-audio-video-data.sdp");
        IceParameters ice = t.ToIceParameters()!;
        Assert.Equal((t.IceUfrag, t.IcePwd, false), (ice.Ufrag, ice.Password, ice.IsIceLite));
        ice.Validate();
        RtcCertificateFingerprint fp = Assert.Single(t.GetCertificateFingerprints());
        Assert.Equal(RtcCertificateFingerprint.Sha256, fp.Algorithm);
        Assert.Equal(t.Fingerprints[0].Value, fp.FormatValue());
        Assert.Equal(DtlsSetup.ActPass, t.GetDtlsSetup());
    }

    [Theory]
    [InlineData("chromium-offer-data.sdp", 2)]
    [InlineData("firefox-offer-audio-video-data.sdp", 2)]
    [InlineData("aiortc-offer-av-data.sdp", 2)]
    public void Candidates_ParseWithTheIceGrammar(string sample, int count)
    {
        RemoteTransport t = Transport(sample);
        IReadOnlyList<IceCandidate> candidates = t.GetIceCandidates(out IReadOnlyList<string> rejected);
        Assert.Empty(rejected);
        Assert.Equal(count, candidates.Count);
        Assert.All(candidates, c => Assert.Equal(1, c.Component));
    }

    [Fact]
    public void MissingOrUnsupported_AreNullOrSkipped()
    {
        var t = new RemoteTransport
        {
            Mids = ["0"],
            IceUfrag = "abcd",
            Fingerprints = [new DtlsFingerprint("md5", "00:11"), new DtlsFingerprint("SHA-256", string.Join(':', Enumerable.Repeat("AB", 32)))],
            Setup = SdpSetupRole.HoldConn,
            Candidates = ["garbage"],
        };
        Assert.Null(t.ToIceParameters());
        Assert.Equal(RtcCertificateFingerprint.Sha256, Assert.Single(t.GetCertificateFingerprints()).Algorithm);
        Assert.Null(t.GetDtlsSetup());
        Assert.Empty(t.GetIceCandidates(out IReadOnlyList<string> rejected));
        Assert.Equal(["garbage"], rejected);
    }

    [Fact]
    public void LocalParameters_FromIceAndCertificate_BuildAnOfferOthersCanRead()
    {
        var ice = new IceParameters("abcd", "0123456789abcdefghijkl", IsIceLite: true);
        RtcCertificateFingerprint fp = RtcCertificateFingerprint.Compute("not really a certificate"u8);
        LocalTransportParameters local = LocalTransportParameters.From(ice, [fp]) with
        {
            Candidates = ["candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host"],
        };
        SessionDescription offer = SessionDescription.Parse(SdpOfferAnswer.CreateDataChannelOffer(new DataChannelOfferOptions(local)).ToString());
        RemoteTransport seen = Assert.Single(SdpOfferAnswer.GetRemoteTransports(offer));
        Assert.Equal(ice, seen.ToIceParameters());
        Assert.Equal(fp, Assert.Single(seen.GetCertificateFingerprints()));
        Assert.Equal(5000, Assert.Single(seen.GetIceCandidates(out _)).Port);
    }
}
