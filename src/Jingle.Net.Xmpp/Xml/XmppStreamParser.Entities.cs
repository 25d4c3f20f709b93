using System.Buffers;
using System.Globalization;
using System.Text;

namespace Jingle.Net.Xmpp.Xml;

public sealed partial class XmppStreamParser
{
    private static readonly SearchValues<byte> SpecialBytes = SearchValues.Create("&\r\t\n"u8);

    /// <summary>
    /// Decodes character data or an attribute value: the five predefined entities and numeric character
    /// references only (no DTD means no other entity can be defined), CR/CRLF normalised to LF, and in attribute
    /// values literal whitespace normalised to a space (XML 1.0 §3.3.3).
    /// </summary>
    private bool TryUnescape(ReadOnlySpan<byte> utf8, bool attribute, out string value)
    {
        if (utf8.IndexOfAny(SpecialBytes) < 0)
        {
            return TryDecode(utf8, out value);
        }

        if (!TryDecode(utf8, out string raw))
        {
            value = string.Empty;
            return false;
        }

        var sb = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c == '\r')
            {
                if (i + 1 < raw.Length && raw[i + 1] == '\n')
                {
                    i++;
                }

                sb.Append(attribute ? ' ' : '\n');
                continue;
            }

            if (attribute && (c == '\n' || c == '\t'))
            {
                sb.Append(' ');
                continue;
            }

            if (c != '&')
            {
                sb.Append(c);
                continue;
            }

            int semi = raw.IndexOf(';', i + 1);
            if (semi < 0 || semi - i > 12)
            {
                Fail(XmppStreamErrorConditions.NotWellFormed, "unterminated entity reference");
                value = string.Empty;
                return false;
            }

            ReadOnlySpan<char> entity = raw.AsSpan(i + 1, semi - i - 1);
            switch (entity)
            {
                case "lt":
                    sb.Append('<');
                    break;
                case "gt":
                    sb.Append('>');
                    break;
                case "amp":
                    sb.Append('&');
                    break;
                case "quot":
                    sb.Append('"');
                    break;
                case "apos":
                    sb.Append('\'');
                    break;
                default:
                    if (!TryCharacterReference(entity, sb))
                    {
                        value = string.Empty;
                        return false;
                    }

                    break;
            }

            i = semi;
        }

        value = sb.ToString();
        return true;
    }

    private bool TryCharacterReference(ReadOnlySpan<char> entity, StringBuilder sb)
    {
        bool ok = false;
        int codePoint = 0;
        if (entity.Length > 1 && entity[0] == '#')
        {
            ok = entity[1] == 'x'
                ? entity.Length > 2 && int.TryParse(entity[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out codePoint)
                : int.TryParse(entity[1..], NumberStyles.None, CultureInfo.InvariantCulture, out codePoint);
        }

        if (!ok)
        {
            // Anything else would need a DTD to define it: refused, never looked up (no XXE, no expansion).
            Fail(XmppStreamErrorConditions.NotWellFormed, "undefined entity reference");
            return false;
        }

        bool isXmlChar = codePoint is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
        if (!isXmlChar)
        {
            Fail(XmppStreamErrorConditions.NotWellFormed, "character reference to a character XML does not allow");
            return false;
        }

        sb.Append(char.ConvertFromUtf32(codePoint));
        return true;
    }
}
