namespace Jingle.Net.Xmpp.Xml;

public sealed partial class XmppStreamParser
{
    private const byte Lt = (byte)'<';
    private const byte Gt = (byte)'>';

    /// <summary>Parses one token at the start of <paramref name="data"/>; returns the bytes consumed, 0 = need more.</summary>
    private int ParseToken(ReadOnlySpan<byte> data)
    {
        if (data[0] != Lt)
        {
            return ParseText(data);
        }

        if (data.Length < 2)
        {
            return 0;
        }

        switch (data[1])
        {
            case (byte)'?':
                return ParseDeclaration(data);
            case (byte)'!':
                return ParseMarkupDeclaration(data);
            case (byte)'/':
                return ParseEndTag(data);
            default:
                return ParseStartTag(data);
        }
    }

    private int ParseDeclaration(ReadOnlySpan<byte> data)
    {
        if (_streamOpen || _sawDeclaration || _sawAnyToken)
        {
            Fail(XmppStreamErrorConditions.RestrictedXml, "processing instruction after the prolog");
            return 0;
        }

        int close = data.IndexOf("?>"u8);
        if (close < 0)
        {
            return 0;
        }

        if (!data.StartsWith("<?xml"u8) || (data.Length > 5 && !IsWhitespace(data[5])))
        {
            Fail(XmppStreamErrorConditions.RestrictedXml, "processing instruction");
            return 0;
        }

        ReadOnlySpan<byte> body = data[5..close];
        int enc = body.IndexOf("encoding"u8);
        if (enc >= 0 && body[enc..].IndexOf("UTF-8"u8) < 0 && body[enc..].IndexOf("utf-8"u8) < 0)
        {
            Fail(XmppStreamErrorConditions.UnsupportedVersion, "encoding other than UTF-8");
            return 0;
        }

        _sawDeclaration = true;
        return close + 2;
    }

    private int ParseMarkupDeclaration(ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> cdata = "<![CDATA["u8;
        int n = Math.Min(cdata.Length, data.Length);
        if (!data[..n].SequenceEqual(cdata[..n]))
        {
            // <!DOCTYPE, <!ENTITY, <!-- : none of them is allowed on an XMPP stream (RFC 6120 §11.1).
            Fail(XmppStreamErrorConditions.RestrictedXml, data.Length > 3 && data[2] == '-' ? "comment" : "document type declaration");
            return 0;
        }

        if (data.Length < cdata.Length)
        {
            return 0;
        }

        if (_stack.Count == 0)
        {
            Fail(XmppStreamErrorConditions.BadFormat, "character data outside a stanza");
            return 0;
        }

        int close = data[cdata.Length..].IndexOf("]]>"u8);
        if (close < 0)
        {
            return 0;
        }

        if (!TryDecode(data.Slice(cdata.Length, close), out string text))
        {
            return 0;
        }

        AppendText(text);
        return cdata.Length + close + 3;
    }

    private int ParseText(ReadOnlySpan<byte> data)
    {
        int lt = data.IndexOf(Lt);
        ReadOnlySpan<byte> text = lt < 0 ? data : data[..lt];
        if (_stack.Count == 0)
        {
            // Between stanzas (and before the header) only whitespace is allowed: the whitespace keepalive.
            foreach (byte b in text)
            {
                if (!IsWhitespace(b))
                {
                    Fail(_streamOpen ? XmppStreamErrorConditions.BadFormat : XmppStreamErrorConditions.NotWellFormed,
                        "character data outside a stanza");
                    return 0;
                }
            }

            return text.Length;
        }

        if (lt < 0)
        {
            return 0;
        }

        if (!TryUnescape(text, attribute: false, out string value))
        {
            return 0;
        }

        AppendText(value);
        return text.Length;
    }

    private void AppendText(string text)
    {
        XmppElement top = _stack[^1].Element;
        top.Text = top.Text.Length == 0 ? text : string.Concat(top.Text, text);
    }

    private int ParseEndTag(ReadOnlySpan<byte> data)
    {
        int gt = data.IndexOf(Gt);
        if (gt < 0)
        {
            return 0;
        }

        ReadOnlySpan<byte> name = data[2..gt].TrimEnd(" \t\r\n"u8);
        if (!_streamOpen)
        {
            Fail(XmppStreamErrorConditions.NotWellFormed, "end tag before the stream header");
            return 0;
        }

        if (_stack.Count == 0)
        {
            if (!Matches(name, _streamQualifiedName))
            {
                Fail(XmppStreamErrorConditions.NotWellFormed, "mismatched end tag");
                return 0;
            }

            _streamOpen = false;
            _handler.OnStreamEnd();
            return gt + 1;
        }

        Frame frame = _stack[^1];
        if (!Matches(name, frame.QualifiedName))
        {
            Fail(XmppStreamErrorConditions.NotWellFormed, "mismatched end tag");
            return 0;
        }

        CloseElement(frame);
        return gt + 1;
    }

    private void CloseElement(Frame frame)
    {
        _stack.RemoveAt(_stack.Count - 1);
        _scopes.RemoveRange(frame.ScopeCount, _scopes.Count - frame.ScopeCount);
        if (_stack.Count == 0)
        {
            _stanzaConsumed = 0;
            _handler.OnStanza(frame.Element);
        }
    }

    private static bool Matches(ReadOnlySpan<byte> utf8, string name)
    {
        if (!System.Text.Ascii.IsValid(name))
        {
            return System.Text.Encoding.UTF8.GetString(utf8) == name;
        }

        if (utf8.Length != name.Length)
        {
            return false;
        }

        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] != name[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
