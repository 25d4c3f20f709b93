using System.Buffers;
using System.Text;

namespace Jingle.Net.Xmpp.Xml;

/// <summary>
/// Serialises <see cref="XmppElement"/> trees as UTF-8 XML: double-quoted attributes, the five predefined
/// entities escaped (plus tab, CR and LF in attribute values as character references so they survive attribute
/// normalisation), a default-namespace declaration only where the namespace changes, and <c>xml:</c> for
/// attributes in the XML namespace. Characters XML 1.0 cannot carry (control characters, lone surrogates) are
/// refused with an <see cref="ArgumentException"/>: they could never be parsed back.
/// </summary>
public static class XmppWriter
{
    /// <summary>The exact number of bytes <see cref="TryWrite"/> writes for <paramref name="element"/>.</summary>
    public static int GetSerializedLength(XmppElement element, string defaultNamespace = XmppNamespaces.Client)
    {
        ArgumentNullException.ThrowIfNull(element);
        var sink = new Sink(Span<byte>.Empty, counting: true);
        WriteElement(ref sink, element, defaultNamespace);
        return sink.Position;
    }

    /// <summary>Writes <paramref name="element"/> into <paramref name="destination"/>; false when it does not fit.</summary>
    public static bool TryWrite(XmppElement element, Span<byte> destination, string defaultNamespace, out int written)
    {
        ArgumentNullException.ThrowIfNull(element);
        int length = GetSerializedLength(element, defaultNamespace);
        if (length > destination.Length)
        {
            written = 0;
            return false;
        }

        var sink = new Sink(destination, counting: false);
        WriteElement(ref sink, element, defaultNamespace);
        written = sink.Position;
        return true;
    }

    /// <summary>Appends <paramref name="element"/> to <paramref name="writer"/>.</summary>
    public static void Write(XmppElement element, IBufferWriter<byte> writer, string defaultNamespace = XmppNamespaces.Client)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int length = GetSerializedLength(element, defaultNamespace);
        Span<byte> span = writer.GetSpan(length);
        TryWrite(element, span, defaultNamespace, out int written);
        writer.Advance(written);
    }

    private static void WriteElement(ref Sink sink, XmppElement element, string inheritedNamespace)
    {
        sink.Raw("<");
        sink.Raw(element.Name);
        if (element.Namespace != inheritedNamespace)
        {
            sink.Raw(" xmlns=\"");
            sink.Escaped(element.Namespace, attribute: true);
            sink.Raw("\"");
        }

        int prefixCounter = 0;
        foreach (XmppAttribute a in element.Attributes)
        {
            sink.Raw(" ");
            if (a.Namespace.Length == 0)
            {
                sink.Raw(a.Name);
            }
            else if (a.Namespace == XmppNamespaces.Xml)
            {
                sink.Raw("xml:");
                sink.Raw(a.Name);
            }
            else
            {
                string prefix = "ns" + prefixCounter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                prefixCounter++;
                sink.Raw("xmlns:");
                sink.Raw(prefix);
                sink.Raw("=\"");
                sink.Escaped(a.Namespace, attribute: true);
                sink.Raw("\" ");
                sink.Raw(prefix);
                sink.Raw(":");
                sink.Raw(a.Name);
            }

            sink.Raw("=\"");
            sink.Escaped(a.Value, attribute: true);
            sink.Raw("\"");
        }

        if (element.Children.Count == 0 && element.Text.Length == 0)
        {
            sink.Raw("/>");
            return;
        }

        sink.Raw(">");
        sink.Escaped(element.Text, attribute: false);
        foreach (XmppElement child in element.Children)
        {
            WriteElement(ref sink, child, element.Namespace);
        }

        sink.Raw("</");
        sink.Raw(element.Name);
        sink.Raw(">");
    }

    private ref struct Sink(Span<byte> destination, bool counting)
    {
        private readonly Span<byte> _destination = destination;
        private readonly bool _counting = counting;

        public int Position { get; private set; }

        public void Raw(string s) => Utf8(s.AsSpan());

        public void Escaped(string s, bool attribute)
        {
            ReadOnlySpan<char> span = s.AsSpan();
            int start = 0;
            for (int i = 0; i < span.Length; i++)
            {
                char c = span[i];
                string? replacement = c switch
                {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    '"' when attribute => "&quot;",
                    '\t' when attribute => "&#9;",
                    '\n' when attribute => "&#10;",
                    '\r' => "&#13;",
                    _ => null,
                };
                if (replacement is null)
                {
                    if ((c < 0x20 && c != '\t' && c != '\n') || c == '\uFFFE' || c == '\uFFFF')
                    {
                        throw new ArgumentException($"Character U+{(int)c:X4} cannot be carried in XML 1.0.", nameof(s));
                    }

                    if (char.IsSurrogate(c))
                    {
                        if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
                        {
                            i++;
                            continue;
                        }

                        throw new ArgumentException("Unpaired surrogate cannot be carried in XML.", nameof(s));
                    }

                    continue;
                }

                Utf8(span[start..i]);
                Utf8(replacement.AsSpan());
                start = i + 1;
            }

            Utf8(span[start..]);
        }

        private void Utf8(ReadOnlySpan<char> chars)
        {
            if (_counting)
            {
                Position += Encoding.UTF8.GetByteCount(chars);
            }
            else
            {
                Position += Encoding.UTF8.GetBytes(chars, _destination[Position..]);
            }
        }
    }
}
