using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Jingle.Net.Xmpp.Tests.Core;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Tests.Xml;

public sealed class XmppStreamParserTests
{
    private const string Header =
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='x' version='1.0'>";

    private static (RecordingOutput.Collector Collector, XmppStreamParser Parser) Parse(string xml, XmppParserLimits? limits = null, bool byteByByte = false)
    {
        var collector = new RecordingOutput.Collector();
        var parser = new XmppStreamParser(collector, limits);
        byte[] bytes = Encoding.UTF8.GetBytes(xml);
        if (byteByByte)
        {
            for (int i = 0; i < bytes.Length && parser.Feed(bytes.AsSpan(i, 1)); i++)
            {
            }
        }
        else
        {
            parser.Feed(bytes);
        }

        return (collector, parser);
    }

    public static TheoryData<string> FixtureFiles()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(Fixtures.Directory, "*.xml").Order())
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void Fixture_ParsesWhole_AndByteByByte_AndRoundTrips(string file)
    {
        string xml = Fixtures.Read(file);
        var (whole, p1) = Parse(Header + xml);
        var (split, p2) = Parse(Header + xml, byteByByte: true);
        Assert.Null(p1.ErrorCondition);
        Assert.Null(p2.ErrorCondition);
        Assert.NotEmpty(whole.Stanzas);
        Assert.Equal(whole.Stanzas.Count, split.Stanzas.Count);
        for (int i = 0; i < whole.Stanzas.Count; i++)
        {
            Assert.True(whole.Stanzas[i].DeepEquals(split.Stanzas[i]));
            string written = whole.Stanzas[i].ToString();
            var (again, p3) = Parse(Header + written);
            Assert.Null(p3.ErrorCondition);
            Assert.True(whole.Stanzas[i].DeepEquals(again.Stanzas[0]), written);
        }
    }

    [Fact]
    public void ProsodyFeaturesAfterSasl_UsesStreamPrefixFromHeader()
    {
        var (c, p) = Parse(Header + Fixtures.Read("prosody-features-after-sasl.xml"));
        Assert.Null(p.ErrorCondition);
        XmppElement features = Assert.Single(c.Stanzas);
        Assert.True(features.Is("features", XmppNamespaces.Stream));
        Assert.NotNull(features.Element("bind", XmppNamespaces.Bind)?.Element("required", XmppNamespaces.Bind));
        Assert.NotNull(features.Element("optional", XmppNamespaces.Session) ?? features.Element("session", XmppNamespaces.Session)!.Element("optional", XmppNamespaces.Session));
        Assert.Equal(2, features.Elements("sm", "urn:xmpp:sm:2").Count() + features.Elements("sm", XmppNamespaces.StreamManagement).Count());
        Assert.Equal("ImTwAmL+dJtobfAS2akG3bFtaco=", features.Element("c", XmppNamespaces.Caps)!.GetAttribute("ver"));
    }

    [Fact]
    public void ProsodyGingleIq_DeliveredAttributes_AreReadWithXmlLang()
    {
        var (c, _) = Parse(Header + Fixtures.Read("prosody-gingle-iq-as-delivered.xml"));
        XmppElement iq = Assert.Single(c.Stanzas);
        Assert.Equal("en", iq.GetAttribute("lang", XmppNamespaces.Xml));
        Assert.Equal("alice@localhost/slix-a", iq.From);
        XmppElement session = iq.Element("session", "http://www.google.com/session")!;
        Assert.Equal("PCMU", session.Element("description", "http://www.google.com/session/phone")!.Children[0].GetAttribute("name"));
    }

    [Fact]
    public void StreamHeader_Stanzas_Keepalive_End_AreReported()
    {
        var (c, p) = Parse(Header + " \n<message to='a@b'><body>hi &amp; &lt;&#x263A;&#65;</body></message>  \t<presence/></stream:stream>");
        Assert.Null(p.ErrorCondition);
        Assert.Equal("x", Assert.Single(c.Headers).Id);
        Assert.Equal(2, c.Stanzas.Count);
        Assert.Equal("hi & <\u263AA", c.Stanzas[0].ChildText("body"));
        Assert.Equal(XmppNamespaces.Client, c.Stanzas[1].Namespace);
        Assert.Equal(1, c.Ends);
    }

    [Fact]
    public void Cdata_And_CrLf_AreHandled()
    {
        var (c, p) = Parse(Header + "<message><body><![CDATA[<b>&amp;</b>]]>\r\nx</body></message>");
        Assert.Null(p.ErrorCondition);
        Assert.Equal("<b>&amp;</b>\nx", c.Stanzas[0].ChildText("body"));
    }

    [Fact]
    public void BillionLaughs_IsRefused_WithoutExpansion()
    {
        const string payload = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>" +
            "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><message><body>&lol3;</body></message>";
        var (c, p) = Parse(payload);
        Assert.Equal(XmppStreamErrorConditions.RestrictedXml, p.ErrorCondition);
        Assert.Empty(c.Stanzas);
        Assert.Empty(c.Headers);
    }

    [Fact]
    public void ExternalEntity_InsideStream_IsRefused()
    {
        var (c, p) = Parse(Header + "<!DOCTYPE x [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]><message><body>&xxe;</body></message>");
        Assert.Equal(XmppStreamErrorConditions.RestrictedXml, p.ErrorCondition);
        Assert.Empty(c.Stanzas);
    }

    [Fact]
    public void UndefinedEntityReference_IsNotWellFormed()
    {
        var (c, p) = Parse(Header + "<message><body>&xxe;</body></message>");
        Assert.Equal(XmppStreamErrorConditions.NotWellFormed, p.ErrorCondition);
        Assert.Empty(c.Stanzas);
    }

    [Theory]
    [InlineData("<message><body></message>")]
    [InlineData("<message a='1' a='2'/>")]
    [InlineData("<message a=1/>")]
    [InlineData("<message a='<'/>")]
    [InlineData("<p:message/>")]
    [InlineData("<message><body>&#0;</body></message>")]
    [InlineData("<message>a='x'b='y'</message><x a='1'b='2'/>")]
    public void Malformed_IsNotWellFormed(string stanza)
    {
        var (_, p) = Parse(Header + stanza);
        Assert.Equal(XmppStreamErrorConditions.NotWellFormed, p.ErrorCondition);
    }

    [Theory]
    [InlineData("<!-- comment --><presence/>")]
    [InlineData("<?php x?><presence/>")]
    public void CommentsAndProcessingInstructions_AreRestricted(string stanza)
    {
        var (c, p) = Parse(Header + stanza);
        Assert.Equal(XmppStreamErrorConditions.RestrictedXml, p.ErrorCondition);
        Assert.Empty(c.Stanzas);
    }

    [Fact]
    public void OversizedStanza_IsPolicyViolation_EvenWhenIncomplete()
    {
        var limits = new XmppParserLimits { MaxStanzaBytes = 1000 };
        var (c, p) = Parse(Header + "<message><body>" + new string('a', 2000), limits);
        Assert.Equal(XmppStreamErrorConditions.PolicyViolation, p.ErrorCondition);
        Assert.Empty(c.Stanzas);
    }

    [Fact]
    public void HugeStartTag_IsPolicyViolation()
    {
        var limits = new XmppParserLimits { MaxStanzaBytes = 1000 };
        var (_, p) = Parse(Header + "<message a='" + new string('a', 5000), limits);
        Assert.Equal(XmppStreamErrorConditions.PolicyViolation, p.ErrorCondition);
    }

    [Fact]
    public void DeepNesting_IsPolicyViolation()
    {
        var (_, p) = Parse(Header + string.Concat(Enumerable.Repeat("<a>", 100)));
        Assert.Equal(XmppStreamErrorConditions.PolicyViolation, p.ErrorCondition);
    }

    [Fact]
    public void TextBetweenStanzas_IsBadFormat()
    {
        var (_, p) = Parse(Header + "hello<presence/>");
        Assert.Equal(XmppStreamErrorConditions.BadFormat, p.ErrorCondition);
    }

    [Fact]
    public void WrongRootElement_IsInvalidNamespace()
    {
        var (_, p) = Parse("<stream xmlns='jabber:client'>");
        Assert.Equal(XmppStreamErrorConditions.InvalidNamespace, p.ErrorCondition);
    }

    [Fact]
    public void InvalidUtf8_IsNotWellFormed()
    {
        var collector = new RecordingOutput.Collector();
        using var parser = new XmppStreamParser(collector);
        parser.Feed(Encoding.UTF8.GetBytes(Header + "<message><body>"));
        Assert.False(parser.Feed([0xC3, 0x28, (byte)'<', (byte)'/', (byte)'b']));
        Assert.Equal(XmppStreamErrorConditions.NotWellFormed, parser.ErrorCondition);
    }

    [Fact]
    public void Reset_ParsesANewStreamFromTheSameBuffer()
    {
        var collector = new ResettingCollector();
        using var parser = new XmppStreamParser(collector);
        collector.Parser = parser;
        parser.Feed(Encoding.UTF8.GetBytes(Header + "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>" + Header + "<presence/>"));
        Assert.Null(parser.ErrorCondition);
        Assert.Equal(2, collector.Headers);
        Assert.Equal(2, collector.Stanzas);
    }

    [Fact]
    public void ArbitraryBytes_NeverThrow()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            var collector = new RecordingOutput.Collector();
            using var parser = new XmppStreamParser(collector);
            parser.Feed(Encoding.UTF8.GetBytes(Header));
            parser.Feed(bytes);
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ArbitraryMarkupishText_NeverThrows()
    {
        Gen<string> markup = Gen.Elements("<", ">", "/", "a", "'", "\"", "=", "&", ";", "#", "x", "!", "?", " ", "[", "]", ":", "-", "<a>", "</a>", "&amp;", "<![CDATA[")
            .ArrayOf().Select(string.Concat);
        Prop.ForAll(markup.ToArbitrary(), text =>
        {
            var collector = new RecordingOutput.Collector();
            using var parser = new XmppStreamParser(collector);
            parser.Feed(Encoding.UTF8.GetBytes(Header + text));
            return true;
        }).QuickCheckThrowOnFailure();
    }

    private sealed class ResettingCollector : IXmppStreamHandler
    {
        public XmppStreamParser? Parser { get; set; }

        public int Headers { get; private set; }

        public int Stanzas { get; private set; }

        public void OnStreamStart(XmppElement header) => Headers++;

        public void OnStanza(XmppElement stanza)
        {
            Stanzas++;
            if (stanza.Name == "success")
            {
                Parser!.Reset();
            }
        }

        public void OnStreamEnd()
        {
        }
    }
}
