using System.Text;

namespace Jingle.Net.Xmpp.Xml;

/// <summary>
/// An XML element of the XMPP subset (RFC 6120 §11): a namespace-qualified name, attributes, child elements and
/// character data. Stanzas, stream features and payloads are all XmppElements (libjingle's <c>XmlElement</c>).
/// Mixed content is kept as one text run plus the children: XMPP protocols do not interleave the two.
/// </summary>
public sealed class XmppElement
{
    private List<XmppAttribute>? _attributes;
    private List<XmppElement>? _children;
    private string _text = string.Empty;

    /// <summary>Creates an element with a local name and a namespace URI.</summary>
    public XmppElement(string name, string ns)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(ns);
        Name = name;
        Namespace = ns;
    }

    /// <summary>The local name.</summary>
    public string Name { get; }

    /// <summary>The namespace URI.</summary>
    public string Namespace { get; }

    /// <summary>Attributes in document order.</summary>
    public IReadOnlyList<XmppAttribute> Attributes => (IReadOnlyList<XmppAttribute>?)_attributes ?? [];

    /// <summary>Child elements in document order.</summary>
    public IReadOnlyList<XmppElement> Children => (IReadOnlyList<XmppElement>?)_children ?? [];

    /// <summary>The character data directly inside this element (unescaped).</summary>
    public string Text
    {
        get => _text;
        set => _text = value ?? string.Empty;
    }

    /// <summary>The <c>id</c> attribute, or null.</summary>
    public string? Id => GetAttribute("id");

    /// <summary>The <c>type</c> attribute, or null.</summary>
    public string? Type => GetAttribute("type");

    /// <summary>The <c>to</c> attribute, or null.</summary>
    public string? To => GetAttribute("to");

    /// <summary>The <c>from</c> attribute, or null.</summary>
    public string? From => GetAttribute("from");

    /// <summary>True for the element <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public bool Is(string name, string ns) => Name == name && Namespace == ns;

    /// <summary>The value of an attribute, or null when absent.</summary>
    public string? GetAttribute(string name, string ns = "")
    {
        if (_attributes is null)
        {
            return null;
        }

        foreach (XmppAttribute a in _attributes)
        {
            if (a.Name == name && a.Namespace == ns)
            {
                return a.Value;
            }
        }

        return null;
    }

    /// <summary>Sets (or with null removes) an attribute. Returns this element for chaining.</summary>
    public XmppElement SetAttribute(string name, string? value, string ns = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _attributes ??= [];
        for (int i = 0; i < _attributes.Count; i++)
        {
            if (_attributes[i].Name == name && _attributes[i].Namespace == ns)
            {
                if (value is null)
                {
                    _attributes.RemoveAt(i);
                }
                else
                {
                    _attributes[i] = new XmppAttribute(name, ns, value);
                }

                return this;
            }
        }

        if (value is not null)
        {
            _attributes.Add(new XmppAttribute(name, ns, value));
        }

        return this;
    }

    /// <summary>Appends a child and returns it.</summary>
    public XmppElement AddChild(XmppElement child)
    {
        ArgumentNullException.ThrowIfNull(child);
        (_children ??= []).Add(child);
        return child;
    }

    /// <summary>Appends a new child element and returns it.</summary>
    public XmppElement AddChild(string name, string ns) => AddChild(new XmppElement(name, ns));

    /// <summary>Appends a new child element in this element's namespace with text and returns this element.</summary>
    public XmppElement AddTextChild(string name, string text)
    {
        AddChild(new XmppElement(name, Namespace) { Text = text });
        return this;
    }

    /// <summary>Removes a child; true when it was there.</summary>
    public bool RemoveChild(XmppElement child) => _children?.Remove(child) ?? false;

    /// <summary>The first child named <paramref name="name"/> in <paramref name="ns"/>, or null.</summary>
    public XmppElement? Element(string name, string ns)
    {
        if (_children is null)
        {
            return null;
        }

        foreach (XmppElement c in _children)
        {
            if (c.Name == name && c.Namespace == ns)
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>The first child in <paramref name="ns"/> whatever its name, or null.</summary>
    public XmppElement? ElementInNamespace(string ns)
    {
        if (_children is null)
        {
            return null;
        }

        foreach (XmppElement c in _children)
        {
            if (c.Namespace == ns)
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>All children named <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public IEnumerable<XmppElement> Elements(string name, string ns)
    {
        if (_children is null)
        {
            yield break;
        }

        foreach (XmppElement c in _children)
        {
            if (c.Name == name && c.Namespace == ns)
            {
                yield return c;
            }
        }
    }

    /// <summary>Text of the first child <paramref name="name"/> in this element's namespace, or null.</summary>
    public string? ChildText(string name) => Element(name, Namespace)?.Text;

    /// <summary>A deep copy.</summary>
    public XmppElement Clone()
    {
        var copy = new XmppElement(Name, Namespace) { _text = _text };
        if (_attributes is not null)
        {
            copy._attributes = [.. _attributes];
        }

        if (_children is not null)
        {
            copy._children = new List<XmppElement>(_children.Count);
            foreach (XmppElement c in _children)
            {
                copy._children.Add(c.Clone());
            }
        }

        return copy;
    }

    /// <summary>
    /// Tree equality as XML canonicalisation sees it: namespace + local name, the attribute set (order ignored),
    /// the text and the children in order. Namespace declarations and prefixes are not attributes here.
    /// </summary>
    public bool DeepEquals(XmppElement? other)
    {
        if (other is null || other.Name != Name || other.Namespace != Namespace || other._text != _text)
        {
            return false;
        }

        if (Attributes.Count != other.Attributes.Count || Children.Count != other.Children.Count)
        {
            return false;
        }

        foreach (XmppAttribute a in Attributes)
        {
            if (other.GetAttribute(a.Name, a.Namespace) != a.Value)
            {
                return false;
            }
        }

        for (int i = 0; i < Children.Count; i++)
        {
            if (!Children[i].DeepEquals(other.Children[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The element as XML in UTF-8, with <c>jabber:client</c> as the inherited default namespace.</summary>
    public byte[] ToUtf8(string defaultNamespace = XmppNamespaces.Client)
    {
        byte[] buffer = new byte[XmppWriter.GetSerializedLength(this, defaultNamespace)];
        XmppWriter.TryWrite(this, buffer, defaultNamespace, out _);
        return buffer;
    }

    /// <summary>The element as XML text (see <see cref="ToUtf8"/>).</summary>
    public override string ToString() => Encoding.UTF8.GetString(ToUtf8());
}
