using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp;

/// <summary>An IQ answered with <c>type='error'</c> (RFC 6120 §8.3): the defined condition and error type.</summary>
public sealed class XmppStanzaException : Exception
{
    public XmppStanzaException()
        : this("undefined-condition", "cancel", null, null)
    {
    }

    public XmppStanzaException(string message)
        : base(message)
    {
        Condition = "undefined-condition";
        ErrorType = "cancel";
    }

    public XmppStanzaException(string message, Exception innerException)
        : base(message, innerException)
    {
        Condition = "undefined-condition";
        ErrorType = "cancel";
    }

    public XmppStanzaException(string condition, string errorType, string? text, XmppElement? stanza)
        : base($"XMPP stanza error {errorType}/{condition}" + (text is null ? string.Empty : ": " + text))
    {
        Condition = condition;
        ErrorType = errorType;
        ErrorText = text;
        Stanza = stanza;
    }

    /// <summary>The defined condition (<c>service-unavailable</c>, <c>item-not-found</c>, …).</summary>
    public string Condition { get; }

    /// <summary>The error type: <c>cancel</c>, <c>continue</c>, <c>modify</c>, <c>auth</c> or <c>wait</c>.</summary>
    public string ErrorType { get; }

    /// <summary>The optional human-readable text.</summary>
    public string? ErrorText { get; }

    /// <summary>The error stanza.</summary>
    public XmppElement? Stanza { get; }

    /// <summary>Reads the error of an error stanza.</summary>
    public static XmppStanzaException FromStanza(XmppElement stanza)
    {
        XmppElement? error = stanza.Element("error", stanza.Namespace);
        string condition = "undefined-condition";
        string? text = null;
        if (error is not null)
        {
            foreach (XmppElement c in error.Children)
            {
                if (c.Namespace == XmppNamespaces.Stanzas)
                {
                    if (c.Name == "text")
                    {
                        text = c.Text;
                    }
                    else
                    {
                        condition = c.Name;
                    }
                }
            }
        }

        return new XmppStanzaException(condition, error?.Type ?? "cancel", text, stanza);
    }
}
