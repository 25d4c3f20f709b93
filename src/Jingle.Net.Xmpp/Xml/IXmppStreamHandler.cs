namespace Jingle.Net.Xmpp.Xml;

/// <summary>What <see cref="XmppStreamParser"/> reports while bytes are fed to it.</summary>
public interface IXmppStreamHandler
{
    /// <summary>The peer opened its stream; <paramref name="header"/> carries its attributes (id, from, version, xml:lang).</summary>
    void OnStreamStart(XmppElement header);

    /// <summary>A complete first-level element (stanza, features, stream error, SASL or SM nonza).</summary>
    void OnStanza(XmppElement stanza);

    /// <summary>The peer closed its stream (<c>&lt;/stream:stream&gt;</c>).</summary>
    void OnStreamEnd();
}
