using System.Globalization;

namespace Jingle.Net.Sdp;

/// <summary>Small text helpers shared by the SDP parser and attributes. None of them throws on bad input.</summary>
internal static class SdpText
{
    /// <summary>Splits at runs of spaces and tabs, dropping empty tokens.</summary>
    public static string[] Tokens(string value) =>
        value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Splits into the first token and the (trimmed) rest, or returns false when there is no first token.</summary>
    public static bool TrySplitFirst(string value, out string first, out string rest)
    {
        ReadOnlySpan<char> span = value.AsSpan().TrimStart(" \t");
        int space = span.IndexOfAny(' ', '\t');
        if (span.IsEmpty)
        {
            first = rest = string.Empty;
            return false;
        }

        if (space < 0)
        {
            first = span.ToString();
            rest = string.Empty;
            return true;
        }

        first = span[..space].ToString();
        rest = span[(space + 1)..].Trim(" \t").ToString();
        return true;
    }

    public static bool TryInt(ReadOnlySpan<char> s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryUInt(ReadOnlySpan<char> s, out uint value) =>
        uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryULong(ReadOnlySpan<char> s, out ulong value) =>
        ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryPort(ReadOnlySpan<char> s, out int value) => TryInt(s, out value) && value <= 65535;
}
