namespace Jingle.Net;

/// <summary>W3C RTCOfferOptions for <see cref="PeerConnection.CreateOfferAsync(RtcOfferOptions?)"/>.</summary>
public sealed record RtcOfferOptions
{
    /// <summary>
    /// Generate new ICE credentials (ufrag/pwd, RFC 8839 §4.4.1.1.1): once the offer and its answer are applied, ICE
    /// gathers and checks a new generation while traffic stays on the current pair until a new one is selected.
    /// </summary>
    public bool IceRestart { get; init; }
}
