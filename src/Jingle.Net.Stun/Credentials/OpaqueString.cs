using System.Globalization;
using System.Text;

namespace Jingle.Net.Stun.Credentials;

/// <summary>
/// The PRECIS OpaqueString profile (RFC 8265 §4.2) that RFC 8489 applies to passwords and realms: non-ASCII
/// spaces map to U+0020, the string is NFC-normalized, and code points the FreeformClass disallows (controls,
/// default-ignorables, unassigned, surrogates) are refused. A reasonable implementation of the profile, not the
/// full PRECIS derived-property table.
/// </summary>
public static class OpaqueString
{
    /// <summary>Prepares <paramref name="value"/>; throws <see cref="ArgumentException"/> when it is disallowed.</summary>
    public static string Prepare(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsPlainAscii(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        foreach (Rune rune in value.EnumerateRunes())
        {
            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            builder.Append(category == UnicodeCategory.SpaceSeparator ? " " : rune.ToString());
        }

        string normalized = builder.ToString().Normalize(NormalizationForm.FormC);
        foreach (Rune rune in normalized.EnumerateRunes())
        {
            if (IsDisallowed(rune))
            {
                throw new ArgumentException($"Code point U+{rune.Value:X4} is not allowed by the OpaqueString profile.", nameof(value));
            }
        }

        return normalized;
    }

    internal static bool IsPlainAscii(string value)
    {
        foreach (char c in value)
        {
            if (c is < (char)0x20 or > (char)0x7E)
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsDisallowed(Rune rune)
    {
        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.Control or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate
            || IsDefaultIgnorable(rune.Value);
    }

    internal static bool IsDefaultIgnorable(int c) =>
        c == 0x00AD || c == 0x034F || c == 0x061C || (c >= 0x115F && c <= 0x1160) || (c >= 0x17B4 && c <= 0x17B5)
        || (c >= 0x180B && c <= 0x180F) || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0
        || (c >= 0xFFF0 && c <= 0xFFF8) || (c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A)
        || (c >= 0xE0000 && c <= 0xE0FFF);
}
