namespace Jingle.Net.Jsep;

/// <summary>Wire strings of <see cref="SdpType"/> ("offer", "pranswer", "answer", "rollback").</summary>
public static class SdpTypes
{
    public static string ToWireString(this SdpType type) => type switch
    {
        SdpType.Offer => "offer",
        SdpType.PrAnswer => "pranswer",
        SdpType.Answer => "answer",
        SdpType.Rollback => "rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses a wire string (case-sensitive, as WebIDL enums are).</summary>
    /// <exception cref="FormatException">Not one of the four values.</exception>
    public static SdpType Parse(string value) =>
        TryParse(value, out SdpType type) ? type : throw new FormatException("Unknown SDP type \"" + value + "\".");

    public static bool TryParse(string? value, out SdpType type)
    {
        switch (value)
        {
            case "offer": type = SdpType.Offer; return true;
            case "pranswer": type = SdpType.PrAnswer; return true;
            case "answer": type = SdpType.Answer; return true;
            case "rollback": type = SdpType.Rollback; return true;
            default: type = default; return false;
        }
    }
}
