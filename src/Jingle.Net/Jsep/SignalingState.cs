namespace Jingle.Net.Jsep;

/// <summary>The signaling state (W3C RTCSignalingState; RFC 9429 §3.2 state machine).</summary>
public enum SignalingState
{
    /// <summary>"stable": no offer/answer exchange in progress.</summary>
    Stable,

    /// <summary>"have-local-offer".</summary>
    HaveLocalOffer,

    /// <summary>"have-remote-offer".</summary>
    HaveRemoteOffer,

    /// <summary>"have-local-pranswer".</summary>
    HaveLocalPrAnswer,

    /// <summary>"have-remote-pranswer".</summary>
    HaveRemotePrAnswer,

    /// <summary>"closed".</summary>
    Closed,
}
