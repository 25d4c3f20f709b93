using Jingle.Net.Xmpp.Modules;
using Jingle.Net.Xmpp.Tests.Core;

namespace Jingle.Net.Xmpp.Tests.Modules;

public sealed class EntityCapabilitiesTests
{
    [Fact]
    public void Xep0115_SimpleGenerationExample()
    {
        // XEP-0115 §5.2: Exodus 0.9.1.
        DiscoIdentity[] identities = [new("client", "pc", "Exodus 0.9.1")];
        string[] features = ["http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/muc", "http://jabber.org/protocol/caps"];
        Assert.Equal("client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<",
            EntityCapabilities.VerificationString(identities, features));
        Assert.Equal("QgayPKawpkPSDYmwT/WM94uAlu0=", EntityCapabilities.ComputeVer(identities, features));
    }

    [Fact]
    public void Ver_IgnoresOrderAndDuplicates()
    {
        DiscoIdentity[] identities = [new("client", "pc", "x")];
        Assert.Equal(EntityCapabilities.ComputeVer(identities, ["b", "a"]), EntityCapabilities.ComputeVer(identities, ["a", "b", "a"]));
        Assert.NotEqual(EntityCapabilities.ComputeVer(identities, ["a"]), EntityCapabilities.ComputeVer(identities, ["a", "b"]));
    }

    [Fact]
    public void Xep0215_ServicesResult_Parses()
    {
        var result = XmppEngineLoginTests.XmppParse(
            "<iq type='result' id='1'><services xmlns='urn:xmpp:extdisco:2'>" +
            "<service host='stun.shakespeare.lit' port='9998' transport='udp' type='stun'/>" +
            "<service expires='2013-06-23T11:10:44Z' host='turn.shakespeare.lit' password='pw' port='3478' restricted='1' transport='udp' type='turn' username='u'/>" +
            "<service host='bad' port='99999' type='turn'/><service port='1' type='turn'/></services></iq>");
        IReadOnlyList<ExternalService> services = XmppExternalServices.Parse(result);
        Assert.Equal(3, services.Count);
        Assert.Equal(new ExternalService("stun", "stun.shakespeare.lit", 9998, "udp", null, null, null, false, null), services[0]);
        Assert.True(services[1].Restricted);
        Assert.Equal("u", services[1].Username);
        Assert.Null(services[2].Port);
    }
}
