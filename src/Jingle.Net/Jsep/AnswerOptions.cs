using Jingle.Net.Sdp;

namespace Jingle.Net.Jsep;

/// <summary>Input of <see cref="SdpOfferAnswer.CreateAnswer"/>.</summary>
internal sealed record AnswerOptions(LocalTransportParameters Transport)
{
    public string SessionId { get; init; } = "0";

    public ulong SessionVersion { get; init; } = 1;

    /// <summary>
    /// Our DTLS role when the offer says actpass: active by default (RFC 8842 §5.3: the answerer SHOULD be active).
    /// An offer of active or passive forces the opposite.
    /// </summary>
    public SdpSetupRole Setup { get; init; } = SdpSetupRole.Active;

    /// <summary>The codecs we support, in any order (the answer keeps the offer's order).</summary>
    public IReadOnlyList<SupportedCodec> Codecs { get; init; } = SupportedCodec.Defaults;

    /// <summary>The RTP header extension URIs we support (RFC 8285); the answer reuses the offer's ids.</summary>
    public IReadOnlyList<string> HeaderExtensions { get; init; } = ["urn:ietf:params:rtp-hdrext:sdes:mid"];

    /// <summary>The direction we want for audio m-sections; the answer limits it to what the offer allows.</summary>
    public MediaDirection AudioDirection { get; init; } = MediaDirection.SendRecv;

    /// <summary>The direction we want for video m-sections.</summary>
    public MediaDirection VideoDirection { get; init; } = MediaDirection.SendRecv;

    /// <summary>
    /// The answerer's transceivers by offered mid (RFC 9429 §5.3.1): when set, an audio/video m-section is accepted
    /// only if its mid is here, with that direction and sender. Null: every supported section, with the directions above.
    /// </summary>
    public IReadOnlyDictionary<string, AnsweredMedia>? Media { get; init; }

    /// <summary>Accept audio/video m-sections at all (false rejects them all, for a data-only peer).</summary>
    public bool AcceptMedia { get; init; } = true;

    /// <summary>Accept the first data channel m-section.</summary>
    public bool AcceptDataChannel { get; init; } = true;

    public int SctpPort { get; init; } = 5000;

    public ulong MaxMessageSize { get; init; } = 262144;

    /// <summary>Reject RTP m-sections without a=rtcp-mux (W3C rtcpMuxPolicy "require", the only policy left).</summary>
    public bool RequireRtcpMux { get; init; } = true;

    /// <summary>W3C bundlePolicy "max-bundle": reject accepted m-sections outside the first BUNDLE group.</summary>
    public bool MaxBundle { get; init; }
}
