namespace Jingle.Net.Xmpp.Xml;

/// <summary>One attribute of an <see cref="XmppElement"/>: a local name, a namespace (empty for unqualified), a value.</summary>
/// <param name="Name">The local name (<c>lang</c> for <c>xml:lang</c>).</param>
/// <param name="Namespace">The namespace URI, or the empty string for an unqualified attribute.</param>
/// <param name="Value">The unescaped value.</param>
public readonly record struct XmppAttribute(string Name, string Namespace, string Value);
