namespace Jingle.Net.Xmpp.Xml;

/// <summary>Defined stream error conditions of RFC 6120 §4.9.3 the engine raises itself.</summary>
public static class XmppStreamErrorConditions
{
    public const string BadFormat = "bad-format";
    public const string InvalidNamespace = "invalid-namespace";
    public const string NotWellFormed = "not-well-formed";
    public const string PolicyViolation = "policy-violation";
    public const string RestrictedXml = "restricted-xml";
    public const string UnsupportedVersion = "unsupported-version";
    public const string ConnectionTimeout = "connection-timeout";
}
