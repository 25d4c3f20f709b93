using System.Text;
using Jingle.Net.Xmpp.Sasl;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Tests.Core;

public sealed class XmppEngineSaslTests
{
    private static string AfterTls(EngineHarness h, string mechanisms, TlsChannelBinding? binding)
    {
        h.Engine.Connect();
        h.Server(EngineHarness.ServerHeader + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        h.Engine.OnTlsEstablished(binding);
        h.Output.Take();
        h.Server(EngineHarness.ServerHeader + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + mechanisms + "</mechanisms></stream:features>");
        XmppElement auth = XmppEngineLoginTests.XmppParse(h.Output.Take());
        return auth.GetAttribute("mechanism") + " " + Encoding.UTF8.GetString(Convert.FromBase64String(auth.Text));
    }

    [Fact]
    public void ScramPlus_IsPreferred_WhenOfferedAndBound()
    {
        using var h = new EngineHarness();
        string auth = AfterTls(h, "<mechanism>SCRAM-SHA-1</mechanism><mechanism>SCRAM-SHA-1-PLUS</mechanism><mechanism>PLAIN</mechanism>",
            new TlsChannelBinding("tls-server-end-point", [9, 9, 9]));
        Assert.StartsWith("SCRAM-SHA-1-PLUS p=tls-server-end-point,,n=alice,r=", auth, StringComparison.Ordinal);
    }

    [Fact]
    public void Scram_SaysY_WhenBoundButServerOffersNoPlus()
    {
        using var h = new EngineHarness();
        string auth = AfterTls(h, "<mechanism>SCRAM-SHA-1</mechanism>", new TlsChannelBinding("tls-server-end-point", [1]));
        Assert.StartsWith("SCRAM-SHA-1 y,,n=alice,r=", auth, StringComparison.Ordinal);
    }

    [Fact]
    public void ScramSha256_IsPreferredOverSha1()
    {
        using var h = new EngineHarness();
        string auth = AfterTls(h, "<mechanism>SCRAM-SHA-1</mechanism><mechanism>SCRAM-SHA-256</mechanism>", null);
        Assert.StartsWith("SCRAM-SHA-256 n,,n=alice,r=", auth, StringComparison.Ordinal);
    }

    [Fact]
    public void SuccessWithoutValidServerSignature_FailsTheLogin()
    {
        using var h = new EngineHarness();
        string auth = AfterTls(h, "<mechanism>SCRAM-SHA-1</mechanism>", null);
        string nonce = auth.Split("r=")[1];
        string serverFirst = $"r={nonce}srv,s=QSXCR+Q6sek8bf92,i=4096";
        h.Server($"<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>{Convert.ToBase64String(Encoding.UTF8.GetBytes(serverFirst))}</challenge>");
        Assert.Contains("<response", h.Output.Take(), StringComparison.Ordinal);
        h.Server($"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>{Convert.ToBase64String("v=AAAAAAAAAAAAAAAAAAAAAAAAAAA="u8.ToArray())}</success>");
        Assert.Equal(XmppErrorCode.Unauthorized, h.Engine.Error);
        Assert.Equal("server-signature-invalid", h.Engine.ErrorCondition);
        Assert.Null(h.Engine.BoundJid);
    }

    [Fact]
    public void ChallengeWithForeignNonce_AbortsTheExchange()
    {
        using var h = new EngineHarness();
        AfterTls(h, "<mechanism>SCRAM-SHA-1</mechanism>", null);
        h.Server($"<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>{Convert.ToBase64String("r=evil,s=QSXCR+Q6sek8bf92,i=4096"u8.ToArray())}</challenge>");
        Assert.Contains("<abort xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"/>", h.Output.Take(), StringComparison.Ordinal);
        Assert.Equal("invalid-server-challenge", h.Engine.ErrorCondition);
    }
}
