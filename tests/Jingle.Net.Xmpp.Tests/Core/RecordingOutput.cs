using System.Text;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Tests.Core;

/// <summary>An <see cref="IXmppEngineOutput"/> that records what the engine writes.</summary>
internal sealed class RecordingOutput : IXmppEngineOutput
{
    private readonly StringBuilder _pending = new();

    public List<string> Writes { get; } = [];

    public List<string> TlsRequests { get; } = [];

    public bool Closed { get; private set; }

    public void WriteOutput(ReadOnlySpan<byte> data)
    {
        string s = Encoding.UTF8.GetString(data);
        Writes.Add(s);
        _pending.Append(s);
    }

    public void StartTls(string domain) => TlsRequests.Add(domain);

    public void CloseConnection() => Closed = true;

    /// <summary>Everything written since the last call.</summary>
    public string Take()
    {
        string s = _pending.ToString();
        _pending.Clear();
        return s;
    }

    /// <summary>Parses what was written since the last call as stanzas on a client stream.</summary>
    public List<XmppElement> TakeElements()
    {
        string text = Take();
        var collector = new Collector();
        using var parser = new XmppStreamParser(collector);
        parser.Feed("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"u8);
        int header;
        while ((header = text.IndexOf("<stream:stream", StringComparison.Ordinal)) >= 0)
        {
            text = text[..header] + text[(text.IndexOf('>', header) + 1)..];
        }

        parser.Feed(Encoding.UTF8.GetBytes(text.Replace("</stream:stream>", string.Empty, StringComparison.Ordinal)));
        Assert.Null(parser.ErrorCondition);
        return collector.Stanzas;
    }

    internal sealed class Collector : IXmppStreamHandler
    {
        public List<XmppElement> Headers { get; } = [];

        public List<XmppElement> Stanzas { get; } = [];

        public int Ends { get; private set; }

        public void OnStreamStart(XmppElement header) => Headers.Add(header);

        public void OnStanza(XmppElement stanza) => Stanzas.Add(stanza);

        public void OnStreamEnd() => Ends++;
    }
}
