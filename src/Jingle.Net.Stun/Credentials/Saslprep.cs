using System.Globalization;
using System.Text;

namespace Jingle.Net.Stun.Credentials;

/// <summary>
/// SASLprep (RFC 4013), the stringprep profile RFC 5389 applies to passwords (and the RFC 5769 long-term vector
/// uses): table B.1 code points are removed, non-ASCII spaces (C.1.2) become U+0020, the result is
/// NFKC-normalized, and prohibited output (controls, private use, surrogates, non-characters, tagging and
/// change-display characters) is refused.
/// </summary>
public static class Saslprep
{
    /// <summary>Prepares <paramref name="value"/>; throws <see cref="ArgumentException"/> for prohibited output.</summary>
    public static string Prepare(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (OpaqueString.IsPlainAscii(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        foreach (Rune rune in value.EnumerateRunes())
        {
            if (IsMappedToNothing(rune.Value))
            {
                continue;
            }

            builder.Append(Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator && rune.Value != ' ' ? " " : rune.ToString());
        }

        string normalized = builder.ToString().Normalize(NormalizationForm.FormKC);
        foreach (Rune rune in normalized.EnumerateRunes())
        {
            if (IsProhibited(rune))
            {
                throw new ArgumentException($"Code point U+{rune.Value:X4} is prohibited by SASLprep.", nameof(value));
            }
        }

        return normalized;
    }

    // RFC 3454 table B.1.
    private static bool IsMappedToNothing(int c) =>
        c is 0x00AD or 0x034F or 0x1806 or 0x180B or 0x180C or 0x180D or 0x200B or 0x200C or 0x200D or 0x2060 or 0xFEFF
        || (c >= 0xFE00 && c <= 0xFE0F);

    // RFC 4013 §2.3 (C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9).
    private static bool IsProhibited(Rune rune)
    {
        int c = rune.Value;
        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate
            || (category == UnicodeCategory.SpaceSeparator && c != ' ')
            || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE
            || (c >= 0xFFF9 && c <= 0xFFFD) || (c >= 0x2FF0 && c <= 0x2FFB)
            || c is 0x0340 or 0x0341 or 0x200E or 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x206A && c <= 0x206F)
            || c == 0xE0001 || (c >= 0xE0020 && c <= 0xE007F);
    }
}
