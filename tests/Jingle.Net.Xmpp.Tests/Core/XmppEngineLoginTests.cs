using System.Text;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Tests.Core;

public sealed class XmppEngineLoginTests
{
    [Fact]
    public void LibjingleTranscript_ClientOutputMatches()
    {
        // talk/xmpp/xmpplogintask_unittest.cc: JID david@my-server, password "david", TLS required.
        string[] lines = Fixtures.Read("libjingle-login-transcript.txt").Split('\n')
            .Where(l => l.StartsWith("C> ", StringComparison.Ordinal) || l.StartsWith("S> ", StringComparison.Ordinal)).ToArray();
        using var h = new EngineHarness(new XmppEngineSettings
        {
            User = Jid.Parse("david@my-server"), Password = "david", Language = "*", IdPrefix = string.Empty, StreamManagement = false,
        });
        h.Engine.Send(XmppParse("<test:app-stanza xmlns:test=\"test\">this-is-a-test</test:app-stanza>"));
        h.Engine.Connect();
        foreach (string line in lines)
        {
            string text = line[3..].TrimEnd('\r');
            if (line.StartsWith("S> ", StringComparison.Ordinal))
            {
                h.Server(text);
                if (text.Contains("<proceed", StringComparison.Ordinal))
                {
                    Assert.Equal(["my-server"], h.Output.TlsRequests);
                    h.Engine.OnTlsEstablished(null);
                }

                continue;
            }

            string expected = text.Replace("[START-TLS my-server]", string.Empty, StringComparison.Ordinal).Replace("\\r\\n", "\r\n", StringComparison.Ordinal);
            string actual = h.Output.Take();
            if (expected.StartsWith("<auth", StringComparison.Ordinal))
            {
                // We do not send libjingle's google:auth attributes: compare the mechanism and the credentials.
                XmppElement auth = XmppParse(actual);
                Assert.Equal("PLAIN", auth.GetAttribute("mechanism"));
                Assert.Equal("AGRhdmlkAGRhdmlk", auth.Text);
                continue;
            }

            if (expected.StartsWith("<test:", StringComparison.Ordinal))
            {
                Assert.True(XmppParse(expected).DeepEquals(XmppParse(actual)));
                continue;
            }

            Assert.Equal(expected, actual);
        }

        Assert.Equal(XmppEngineState.Open, h.Engine.State);
        Assert.Equal("david@my-server/test", h.Engine.BoundJid!.ToString());
        Assert.Equal([XmppEngineState.Opening, XmppEngineState.Open], h.States.Select(s => s.State));
    }

    [Fact]
    public void OptionalSession_IsNotEstablished_AndStanzasFlushOnOpen()
    {
        using var h = new EngineHarness();
        h.Engine.Send(new XmppElement("presence", XmppNamespaces.Client));
        h.LoginToOpen("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session>");
        Assert.Equal(XmppEngineState.Open, h.Engine.State);
        Assert.DoesNotContain(h.Output.Writes, w => w.Contains("xmpp-session", StringComparison.Ordinal));
        Assert.Contains(h.Output.Writes, w => w == "<presence/>");
    }

    [Fact]
    public void PlainIsNeverSentWithoutTls()
    {
        using var h = new EngineHarness(new XmppEngineSettings { User = Jid.Parse("a@localhost"), Password = "secret", TlsMode = XmppTlsMode.None });
        h.Engine.Connect();
        h.Server(EngineHarness.ServerHeader + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>");
        Assert.Equal(XmppEngineState.Closed, h.Engine.State);
        Assert.Equal(XmppErrorCode.Unauthorized, h.Engine.Error);
        Assert.Equal("no-acceptable-mechanism", h.Engine.ErrorCondition);
        Assert.DoesNotContain(h.Output.Writes, w => w.Contains("<auth", StringComparison.Ordinal));
    }

    [Fact]
    public void ServerWithoutStartTls_IsRefused()
    {
        using var h = new EngineHarness();
        h.Engine.Connect();
        h.Server(EngineHarness.ServerHeader + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>");
        Assert.Equal(XmppErrorCode.Tls, h.Engine.Error);
        Assert.True(h.Output.Closed);
        Assert.DoesNotContain(h.Output.Writes, w => w.Contains("<auth", StringComparison.Ordinal));
    }

    [Fact]
    public void SaslFailure_ClosesWithCondition()
    {
        using var h = new EngineHarness();
        h.Engine.Connect();
        h.Server(EngineHarness.ServerHeader + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        h.Engine.OnTlsEstablished(null);
        h.Server(EngineHarness.ServerHeader + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms></stream:features>");
        Assert.Contains(h.Output.Writes, w => w.Contains("mechanism=\"SCRAM-SHA-1\"", StringComparison.Ordinal));
        h.Server("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/><text>bad</text></failure>");
        Assert.Equal(XmppEngineState.Closed, h.Engine.State);
        Assert.Equal(XmppErrorCode.Unauthorized, h.Engine.Error);
        Assert.Equal("not-authorized", h.Engine.ErrorCondition);
        Assert.Equal("not-authorized", h.States[^1].Condition);
    }

    [Fact]
    public void RequiredSession_IsEstablished()
    {
        using var h = new EngineHarness();
        h.Engine.Connect();
        h.Server(EngineHarness.ServerHeader + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        h.Engine.OnTlsEstablished(null);
        h.Server(EngineHarness.ServerHeader + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features><success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        h.Server(EngineHarness.ServerHeader + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></stream:features>");
        h.Server("<iq type='result' id='0'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/r</jid></bind></iq>");
        Assert.Equal(XmppEngineState.Opening, h.Engine.State);
        Assert.Contains("<session xmlns=\"urn:ietf:params:xml:ns:xmpp-session\"/>", h.Output.Writes[^1], StringComparison.Ordinal);
        h.Server("<iq type='result' id='1'/>");
        Assert.Equal(XmppEngineState.Open, h.Engine.State);
    }

    [Fact]
    public void MalformedXml_SendsNotWellFormed_AndCloses()
    {
        using var h = new EngineHarness();
        h.LoginToOpen();
        h.Server("<message><body></message>");
        Assert.Equal(XmppEngineState.Closed, h.Engine.State);
        Assert.Equal(XmppErrorCode.Xml, h.Engine.Error);
        Assert.Equal("not-well-formed", h.Engine.ErrorCondition);
        Assert.Contains("<stream:error><not-well-formed xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/></stream:error></stream:stream>", h.Output.Take(), StringComparison.Ordinal);
        Assert.True(h.Output.Closed);
    }

    [Fact]
    public void OversizedStanza_SendsPolicyViolation()
    {
        using var h = new EngineHarness(new XmppEngineSettings
        {
            User = Jid.Parse("alice@localhost/test"), Password = "p", IdPrefix = string.Empty, ParserLimits = new XmppParserLimits { MaxStanzaBytes = 10_000 },
        });
        h.LoginToOpen();
        h.Server("<message><body>" + new string('x', 20_000));
        Assert.Equal("policy-violation", h.Engine.ErrorCondition);
        Assert.Contains("<policy-violation", h.Output.Take(), StringComparison.Ordinal);
    }

    [Fact]
    public void StreamErrorFromServer_ClosesWithCondition()
    {
        using var h = new EngineHarness();
        h.LoginToOpen();
        h.Server("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
        Assert.Equal(XmppErrorCode.Stream, h.Engine.Error);
        Assert.Equal("conflict", h.Engine.ErrorCondition);
    }

    [Fact]
    public void OldVersion_IsUnsupported()
    {
        using var h = new EngineHarness();
        h.Engine.Connect();
        h.Server("<stream:stream id='1' xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client'>");
        Assert.Equal(XmppErrorCode.Version, h.Engine.Error);
    }

    [Fact]
    public void Keepalive_IsOneSpace_OnlyWhenOpen()
    {
        using var h = new EngineHarness();
        h.Engine.SendKeepalive();
        Assert.Empty(h.Output.Writes);
        h.LoginToOpen();
        h.Engine.SendKeepalive();
        Assert.Equal(" ", h.Output.Writes[^1]);
    }

    internal static XmppElement XmppParse(string xml)
    {
        var c = new RecordingOutput.Collector();
        using var p = new XmppStreamParser(c);
        p.Feed(Encoding.UTF8.GetBytes("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>" + xml));
        Assert.Null(p.ErrorCondition);
        return Assert.Single(c.Stanzas);
    }
}
