using BenchmarkDotNet.Attributes;
using Jingle.Net.Sdp;

namespace Jingle.Net.Benchmarks.Sdp;

/// <summary>
/// Parse and write of a typical Chromium audio + video + data channel offer (the structure libwebrtc M12x writes:
/// 3 m-sections, 23 video payload types, 169 lines, 5.6 KB).
/// Run: dotnet run -c Release --project benchmarks/Jingle.Net.Benchmarks -- --filter '*SdpBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class SdpBenchmarks
{
    /// <summary>Same text as tests/Jingle.Net.Tests/TestData/Sdp/chromium-offer-audio-video-data.sdp.</summary>
    public const string ChromiumOffer =
        "v=0\r\n" +
        "o=- 2549972691274936873 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0 1 2\r\n" +
        "a=extmap-allow-mixed\r\n" +
        "a=msid-semantic: WMS 6bf46c69-7d2c-af82-eeea-cbe226e87555\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:pTyG\r\n" +
        "a=ice-pwd:JMuHbEL31IeL2HPcHyGcFRl1\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 49:3C:9D:5C:34:60:BE:31:20:1E:69:FE:DA:A0:EE:E8:B9:99:7F:5C:7C:29:99:FD:AF:E5:93:25:3C:D6:54:AF\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:0\r\n" +
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n" +
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n" +
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=sendrecv\r\n" +
        "a=msid:6bf46c69-7d2c-af82-eeea-cbe226e87555 13deef86-ab10-31d0-f646-e1f40a097c97\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtcp-rsize\r\n" +
        "a=rtpmap:111 opus/48000/2\r\n" +
        "a=rtcp-fb:111 transport-cc\r\n" +
        "a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
        "a=rtpmap:63 red/48000/2\r\n" +
        "a=fmtp:63 111/111\r\n" +
        "a=rtpmap:9 G722/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:13 CN/8000\r\n" +
        "a=rtpmap:110 telephone-event/48000\r\n" +
        "a=rtpmap:126 telephone-event/8000\r\n" +
        "a=ssrc:96907016 cname:ors/6ILi8IHn5kxs\r\n" +
        "a=ssrc:96907016 msid:6bf46c69-7d2c-af82-eeea-cbe226e87555 13deef86-ab10-31d0-f646-e1f40a097c97\r\n" +
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97 103 104 107 108 109 114 115 116 117 118 39 40 45 46 98 99 100 101 119 120 121\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=rtcp:9 IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:pTyG\r\n" +
        "a=ice-pwd:JMuHbEL31IeL2HPcHyGcFRl1\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 49:3C:9D:5C:34:60:BE:31:20:1E:69:FE:DA:A0:EE:E8:B9:99:7F:5C:7C:29:99:FD:AF:E5:93:25:3C:D6:54:AF\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:1\r\n" +
        "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset\r\n" +
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n" +
        "a=extmap:13 urn:3gpp:video-orientation\r\n" +
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n" +
        "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r\n" +
        "a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type\r\n" +
        "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing\r\n" +
        "a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space\r\n" +
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
        "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n" +
        "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n" +
        "a=sendrecv\r\n" +
        "a=msid:6bf46c69-7d2c-af82-eeea-cbe226e87555 ca02135e-92b1-d3f2-8ede-0d7ac3baea9e\r\n" +
        "a=rtcp-mux\r\n" +
        "a=rtcp-rsize\r\n" +
        "a=rtpmap:96 VP8/90000\r\n" +
        "a=rtcp-fb:96 goog-remb\r\n" +
        "a=rtcp-fb:96 transport-cc\r\n" +
        "a=rtcp-fb:96 ccm fir\r\n" +
        "a=rtcp-fb:96 nack\r\n" +
        "a=rtcp-fb:96 nack pli\r\n" +
        "a=rtpmap:97 rtx/90000\r\n" +
        "a=fmtp:97 apt=96\r\n" +
        "a=rtpmap:103 H264/90000\r\n" +
        "a=rtcp-fb:103 goog-remb\r\n" +
        "a=rtcp-fb:103 transport-cc\r\n" +
        "a=rtcp-fb:103 ccm fir\r\n" +
        "a=rtcp-fb:103 nack\r\n" +
        "a=rtcp-fb:103 nack pli\r\n" +
        "a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\n" +
        "a=rtpmap:104 rtx/90000\r\n" +
        "a=fmtp:104 apt=103\r\n" +
        "a=rtpmap:107 H264/90000\r\n" +
        "a=rtcp-fb:107 goog-remb\r\n" +
        "a=rtcp-fb:107 transport-cc\r\n" +
        "a=rtcp-fb:107 ccm fir\r\n" +
        "a=rtcp-fb:107 nack\r\n" +
        "a=rtcp-fb:107 nack pli\r\n" +
        "a=fmtp:107 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f\r\n" +
        "a=rtpmap:108 rtx/90000\r\n" +
        "a=fmtp:108 apt=107\r\n" +
        "a=rtpmap:109 H264/90000\r\n" +
        "a=rtcp-fb:109 goog-remb\r\n" +
        "a=rtcp-fb:109 transport-cc\r\n" +
        "a=rtcp-fb:109 ccm fir\r\n" +
        "a=rtcp-fb:109 nack\r\n" +
        "a=rtcp-fb:109 nack pli\r\n" +
        "a=fmtp:109 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" +
        "a=rtpmap:114 rtx/90000\r\n" +
        "a=fmtp:114 apt=109\r\n" +
        "a=rtpmap:115 H264/90000\r\n" +
        "a=rtcp-fb:115 goog-remb\r\n" +
        "a=rtcp-fb:115 transport-cc\r\n" +
        "a=rtcp-fb:115 ccm fir\r\n" +
        "a=rtcp-fb:115 nack\r\n" +
        "a=rtcp-fb:115 nack pli\r\n" +
        "a=fmtp:115 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f\r\n" +
        "a=rtpmap:116 rtx/90000\r\n" +
        "a=fmtp:116 apt=115\r\n" +
        "a=rtpmap:117 H264/90000\r\n" +
        "a=rtcp-fb:117 goog-remb\r\n" +
        "a=rtcp-fb:117 transport-cc\r\n" +
        "a=rtcp-fb:117 ccm fir\r\n" +
        "a=rtcp-fb:117 nack\r\n" +
        "a=rtcp-fb:117 nack pli\r\n" +
        "a=fmtp:117 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=f4001f\r\n" +
        "a=rtpmap:118 rtx/90000\r\n" +
        "a=fmtp:118 apt=117\r\n" +
        "a=rtpmap:39 AV1/90000\r\n" +
        "a=rtcp-fb:39 goog-remb\r\n" +
        "a=rtcp-fb:39 transport-cc\r\n" +
        "a=rtcp-fb:39 ccm fir\r\n" +
        "a=rtcp-fb:39 nack\r\n" +
        "a=rtcp-fb:39 nack pli\r\n" +
        "a=fmtp:39 level-idx=5;profile=0;tier=0\r\n" +
        "a=rtpmap:40 rtx/90000\r\n" +
        "a=fmtp:40 apt=39\r\n" +
        "a=rtpmap:45 AV1/90000\r\n" +
        "a=rtcp-fb:45 goog-remb\r\n" +
        "a=rtcp-fb:45 transport-cc\r\n" +
        "a=rtcp-fb:45 ccm fir\r\n" +
        "a=rtcp-fb:45 nack\r\n" +
        "a=rtcp-fb:45 nack pli\r\n" +
        "a=fmtp:45 level-idx=5;profile=1;tier=0\r\n" +
        "a=rtpmap:46 rtx/90000\r\n" +
        "a=fmtp:46 apt=45\r\n" +
        "a=rtpmap:98 VP9/90000\r\n" +
        "a=rtcp-fb:98 goog-remb\r\n" +
        "a=rtcp-fb:98 transport-cc\r\n" +
        "a=rtcp-fb:98 ccm fir\r\n" +
        "a=rtcp-fb:98 nack\r\n" +
        "a=rtcp-fb:98 nack pli\r\n" +
        "a=fmtp:98 profile-id=0\r\n" +
        "a=rtpmap:99 rtx/90000\r\n" +
        "a=fmtp:99 apt=98\r\n" +
        "a=rtpmap:100 VP9/90000\r\n" +
        "a=rtcp-fb:100 goog-remb\r\n" +
        "a=rtcp-fb:100 transport-cc\r\n" +
        "a=rtcp-fb:100 ccm fir\r\n" +
        "a=rtcp-fb:100 nack\r\n" +
        "a=rtcp-fb:100 nack pli\r\n" +
        "a=fmtp:100 profile-id=2\r\n" +
        "a=rtpmap:101 rtx/90000\r\n" +
        "a=fmtp:101 apt=100\r\n" +
        "a=rtpmap:119 red/90000\r\n" +
        "a=rtpmap:120 rtx/90000\r\n" +
        "a=fmtp:120 apt=119\r\n" +
        "a=rtpmap:121 ulpfec/90000\r\n" +
        "a=ssrc-group:FID 4040054838 1982966163\r\n" +
        "a=ssrc:4040054838 cname:ors/6ILi8IHn5kxs\r\n" +
        "a=ssrc:4040054838 msid:6bf46c69-7d2c-af82-eeea-cbe226e87555 ca02135e-92b1-d3f2-8ede-0d7ac3baea9e\r\n" +
        "a=ssrc:1982966163 cname:ors/6ILi8IHn5kxs\r\n" +
        "a=ssrc:1982966163 msid:6bf46c69-7d2c-af82-eeea-cbe226e87555 ca02135e-92b1-d3f2-8ede-0d7ac3baea9e\r\n" +
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:pTyG\r\n" +
        "a=ice-pwd:JMuHbEL31IeL2HPcHyGcFRl1\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:sha-256 49:3C:9D:5C:34:60:BE:31:20:1E:69:FE:DA:A0:EE:E8:B9:99:7F:5C:7C:29:99:FD:AF:E5:93:25:3C:D6:54:AF\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:2\r\n" +
        "a=sctp-port:5000\r\n" +
        "a=max-message-size:262144\r\n";

    private SessionDescription _parsed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _parsed = SessionDescription.Parse(ChromiumOffer);
        if (_parsed.ToString() != ChromiumOffer || _parsed.Media.Count != 3)
        {
            throw new InvalidOperationException("The Chromium offer does not round-trip.");
        }
    }

    [Benchmark]
    public SessionDescription Parse() => SessionDescription.Parse(ChromiumOffer);

    [Benchmark]
    public string Write() => _parsed.ToString();

    [Benchmark(Baseline = true)]
    public string ParseAndWrite() => SessionDescription.Parse(ChromiumOffer).ToString();
}
