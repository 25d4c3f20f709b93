using System.Text;

namespace Jingle.Net.Xmpp.Xml;

public sealed partial class XmppStreamParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private string _streamQualifiedName = string.Empty;
    private readonly List<(string QName, string Value)> _rawAttributes = [];

    private int ParseStartTag(ReadOnlySpan<byte> data)
    {
        // Find the closing '>' outside quoted attribute values, resuming where the last partial scan stopped.
        int i = Math.Max(_scanResume, 1);
        byte quote = _scanQuote;
        for (; i < data.Length; i++)
        {
            byte b = data[i];
            if (quote != 0)
            {
                if (b == quote)
                {
                    quote = 0;
                }
                else if (b == Lt)
                {
                    Fail(XmppStreamErrorConditions.NotWellFormed, "'<' in an attribute value");
                    return 0;
                }
            }
            else if (b is (byte)'"' or (byte)'\'')
            {
                quote = b;
            }
            else if (b == Gt)
            {
                break;
            }
            else if (b == Lt)
            {
                Fail(XmppStreamErrorConditions.NotWellFormed, "'<' inside a tag");
                return 0;
            }
        }

        if (i >= data.Length)
        {
            _scanResume = i;
            _scanQuote = quote;
            return 0;
        }

        int gt = i;
        bool selfClosing = data[gt - 1] == '/';
        ReadOnlySpan<byte> tag = data[1..(selfClosing ? gt - 1 : gt)];
        return ParseTag(tag, selfClosing) ? gt + 1 : 0;
    }

    private bool ParseTag(ReadOnlySpan<byte> tag, bool selfClosing)
    {
        int p = ScanName(tag, 0);
        if (p == 0)
        {
            Fail(XmppStreamErrorConditions.NotWellFormed, "bad element name");
            return false;
        }

        if (!TryDecodeName(tag[..p], out string qname))
        {
            return false;
        }

        _rawAttributes.Clear();
        while (true)
        {
            int ws = p;
            while (p < tag.Length && IsWhitespace(tag[p]))
            {
                p++;
            }

            if (p >= tag.Length)
            {
                break;
            }

            if (ws == p)
            {
                Fail(XmppStreamErrorConditions.NotWellFormed, "missing whitespace between attributes");
                return false;
            }

            int nameEnd = ScanName(tag, p);
            if (nameEnd == p || !TryDecodeName(tag[p..nameEnd], out string attrName))
            {
                Fail(XmppStreamErrorConditions.NotWellFormed, "bad attribute name");
                return false;
            }

            p = nameEnd;
            while (p < tag.Length && IsWhitespace(tag[p]))
            {
                p++;
            }

            if (p >= tag.Length || tag[p] != '=')
            {
                Fail(XmppStreamErrorConditions.NotWellFormed, "attribute without a value");
                return false;
            }

            p++;
            while (p < tag.Length && IsWhitespace(tag[p]))
            {
                p++;
            }

            if (p >= tag.Length || tag[p] is not ((byte)'"' or (byte)'\''))
            {
                Fail(XmppStreamErrorConditions.NotWellFormed, "unquoted attribute value");
                return false;
            }

            byte quote = tag[p];
            int close = tag[(p + 1)..].IndexOf(quote);
            if (close < 0)
            {
                Fail(XmppStreamErrorConditions.NotWellFormed, "unterminated attribute value");
                return false;
            }

            if (!TryUnescape(tag.Slice(p + 1, close), attribute: true, out string value))
            {
                return false;
            }

            p += close + 2;
            foreach ((string existing, _) in _rawAttributes)
            {
                if (existing == attrName)
                {
                    Fail(XmppStreamErrorConditions.NotWellFormed, "duplicate attribute");
                    return false;
                }
            }

            if (_rawAttributes.Count >= _limits.MaxAttributes)
            {
                Fail(XmppStreamErrorConditions.PolicyViolation, "too many attributes");
                return false;
            }

            _rawAttributes.Add((attrName, value));
        }

        return OpenElement(qname, selfClosing);
    }

    private bool OpenElement(string qname, bool selfClosing)
    {
        if (Depth + 1 > _limits.MaxDepth)
        {
            Fail(XmppStreamErrorConditions.PolicyViolation, "elements nested too deeply");
            return false;
        }

        int scopeCount = _scopes.Count;
        foreach ((string name, string value) in _rawAttributes)
        {
            if (name == "xmlns")
            {
                _scopes.Add((string.Empty, value));
            }
            else if (name.StartsWith("xmlns:", StringComparison.Ordinal))
            {
                if (value.Length == 0)
                {
                    Fail(XmppStreamErrorConditions.NotWellFormed, "empty namespace for a prefix");
                    return false;
                }

                _scopes.Add((name[6..], value));
            }
        }

        if (!TryResolve(qname, isAttribute: false, out string localName, out string ns))
        {
            return false;
        }

        var element = new XmppElement(localName, ns);
        foreach ((string name, string value) in _rawAttributes)
        {
            if (name == "xmlns" || name.StartsWith("xmlns:", StringComparison.Ordinal))
            {
                continue;
            }

            if (!TryResolve(name, isAttribute: true, out string attrLocal, out string attrNs))
            {
                return false;
            }

            if (element.GetAttribute(attrLocal, attrNs) is not null)
            {
                Fail(XmppStreamErrorConditions.NotWellFormed, "duplicate attribute");
                return false;
            }

            element.SetAttribute(attrLocal, value, attrNs);
        }

        _sawAnyToken = true;
        if (!_streamOpen)
        {
            if (localName != "stream" || ns != XmppNamespaces.Stream)
            {
                Fail(XmppStreamErrorConditions.InvalidNamespace, "the stream must open with <stream:stream>");
                return false;
            }

            if (selfClosing)
            {
                Fail(XmppStreamErrorConditions.NotWellFormed, "empty stream element");
                return false;
            }

            _streamOpen = true;
            _streamQualifiedName = qname;
            StreamDefaultNamespace = LookupPrefix(string.Empty);
            _handler.OnStreamStart(element);
            return true;
        }

        if (_stack.Count > 0)
        {
            _stack[^1].Element.AddChild(element);
        }

        var frame = new Frame(element, qname, scopeCount);
        _stack.Add(frame);
        if (selfClosing)
        {
            CloseElement(frame);
        }

        return true;
    }

    private bool TryResolve(string qname, bool isAttribute, out string localName, out string ns)
    {
        int colon = qname.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            localName = qname;
            ns = isAttribute ? string.Empty : LookupPrefix(string.Empty) ?? string.Empty;
            return true;
        }

        string prefix = qname[..colon];
        localName = Intern(qname.AsSpan(colon + 1));
        if (localName.Length == 0 || localName.Contains(':', StringComparison.Ordinal))
        {
            ns = string.Empty;
            Fail(XmppStreamErrorConditions.NotWellFormed, "bad qualified name");
            return false;
        }

        string? uri = prefix == "xml" ? XmppNamespaces.Xml : LookupPrefix(prefix);
        if (uri is null || prefix.Length == 0)
        {
            ns = string.Empty;
            Fail(XmppStreamErrorConditions.NotWellFormed, "undeclared namespace prefix");
            return false;
        }

        ns = uri;
        return true;
    }

    private string? LookupPrefix(string prefix)
    {
        for (int i = _scopes.Count - 1; i >= 0; i--)
        {
            if (_scopes[i].Prefix == prefix)
            {
                return _scopes[i].Uri;
            }
        }

        return null;
    }

    /// <summary>End of the XML Name at <paramref name="start"/> (equal to start when there is none).</summary>
    private static int ScanName(ReadOnlySpan<byte> tag, int start)
    {
        int p = start;
        while (p < tag.Length)
        {
            byte b = tag[p];
            bool ok = b >= 0x80 || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b == ':'
                || (p > start && ((b >= '0' && b <= '9') || b == '-' || b == '.'));
            if (!ok)
            {
                break;
            }

            p++;
        }

        return p;
    }

    private bool TryDecodeName(ReadOnlySpan<byte> utf8, out string name)
    {
        if (!TryDecode(utf8, out name))
        {
            return false;
        }

        name = Intern(name.AsSpan());
        return true;
    }

    private string Intern(ReadOnlySpan<char> chars)
    {
        Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out string? existing))
        {
            return existing;
        }

        string s = chars.ToString();
        if (_strings.Count < 2048 && chars.Length <= 64)
        {
            _strings[s] = s;
        }

        return s;
    }

    private bool TryDecode(ReadOnlySpan<byte> utf8, out string text)
    {
        try
        {
            if (utf8.Length <= 128)
            {
                Span<char> chars = stackalloc char[utf8.Length];
                int n = StrictUtf8.GetChars(utf8, chars);
                if (!ValidChars(chars[..n]))
                {
                    text = string.Empty;
                    return false;
                }

                text = Intern(chars[..n]);
                return true;
            }

            text = StrictUtf8.GetString(utf8);
            return ValidChars(text);
        }
        catch (DecoderFallbackException)
        {
            Fail(XmppStreamErrorConditions.NotWellFormed, "invalid UTF-8");
            text = string.Empty;
            return false;
        }
    }

    private bool ValidChars(ReadOnlySpan<char> chars)
    {
        foreach (char c in chars)
        {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == '\uFFFE' || c == '\uFFFF')
            {
                Fail(XmppStreamErrorConditions.NotWellFormed, "character not allowed in XML");
                return false;
            }
        }

        return true;
    }
}
