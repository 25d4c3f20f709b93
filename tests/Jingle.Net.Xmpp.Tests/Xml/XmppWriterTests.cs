using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Jingle.Net.Xmpp.Tests.Core;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Tests.Xml;

public sealed class XmppWriterTests
{
    [Fact]
    public void Escapes_TextAndAttributes()
    {
        var e = new XmppElement("message", XmppNamespaces.Client).SetAttribute("to", "a\"b<c>&\td");
        e.AddTextChild("body", "x < y & z > \"q\"");
        Assert.Equal("<message to=\"a&quot;b&lt;c&gt;&amp;&#9;d\"><body>x &lt; y &amp; z &gt; \"q\"</body></message>", e.ToString());
    }

    [Fact]
    public void DeclaresNamespace_OnlyWhereItChanges_AndUsesXmlPrefix()
    {
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("lang", "en", XmppNamespaces.Xml);
        iq.AddChild("query", XmppNamespaces.Roster).AddChild("item", XmppNamespaces.Roster).SetAttribute("jid", "a@b");
        Assert.Equal("<iq xml:lang=\"en\"><query xmlns=\"jabber:iq:roster\"><item jid=\"a@b\"/></query></iq>", iq.ToString());
    }

    [Fact]
    public void ControlCharacters_AreRefused()
    {
        var e = new XmppElement("body", XmppNamespaces.Client) { Text = "a\u0001" };
        Assert.Throws<ArgumentException>(() => e.ToString());
    }

    [Fact]
    public void TryWrite_ReportsTooSmall_AndExactLength()
    {
        var e = new XmppElement("presence", XmppNamespaces.Client).SetAttribute("type", "unavailable");
        int length = XmppWriter.GetSerializedLength(e);
        Assert.False(XmppWriter.TryWrite(e, new byte[length - 1], XmppNamespaces.Client, out _));
        byte[] buffer = new byte[length];
        Assert.True(XmppWriter.TryWrite(e, buffer, XmppNamespaces.Client, out int written));
        Assert.Equal(length, written);
        Assert.Equal("<presence type=\"unavailable\"/>", Encoding.UTF8.GetString(buffer));
    }

    [Fact]
    public void ParseOfWrite_IsIdentity_ForArbitraryTrees()
    {
        Gen<string> names = Gen.Elements("a", "body", "x-y", "q.1", "\u00e9l");
        Gen<string> nss = Gen.Elements(XmppNamespaces.Client, "urn:x", "urn:y&\"'<>");
        Gen<string> texts = Gen.Elements("", " ", "plain", "<&>\"'", "line\nbreak", "\t tab", "\u263A\U0001F600", "]]>");
        Gen<XmppElement> leaf = from n in names
                                from ns in nss
                                from t in texts
                                from a in texts
                                select new XmppElement(n, ns) { Text = t }.SetAttribute("v", a).SetAttribute("lang", "en", XmppNamespaces.Xml);
        Gen<XmppElement> tree = from root in leaf
                                from kids in leaf.ArrayOf()
                                select Attach(root, kids);
        Prop.ForAll(tree.ToArbitrary(), e =>
        {
            var collector = new RecordingOutput.Collector();
            using var parser = new XmppStreamParser(collector);
            parser.Feed("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"u8);
            parser.Feed(e.ToUtf8());
            return parser.ErrorCondition is null && collector.Stanzas.Count == 1 && collector.Stanzas[0].DeepEquals(e);
        }).QuickCheckThrowOnFailure();
    }

    private static XmppElement Attach(XmppElement root, XmppElement[] kids)
    {
        foreach (XmppElement k in kids.Take(4))
        {
            root.AddChild(k);
        }

        return root;
    }
}
