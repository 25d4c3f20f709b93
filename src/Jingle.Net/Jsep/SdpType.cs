using System.Text.Json.Serialization;

namespace Jingle.Net.Jsep;

/// <summary>The type of a session description (W3C RTCSdpType, RFC 9429 §4.1.10).</summary>
[JsonConverter(typeof(SdpTypeJsonConverter))]
public enum SdpType
{
    /// <summary>"offer".</summary>
    Offer,

    /// <summary>"pranswer": a provisional answer; the offer/answer exchange is not finished.</summary>
    PrAnswer,

    /// <summary>"answer": the final answer.</summary>
    Answer,

    /// <summary>"rollback": cancel the current offer/answer exchange and return to stable.</summary>
    Rollback,
}
