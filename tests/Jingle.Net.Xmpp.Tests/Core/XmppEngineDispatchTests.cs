using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Tests.Core;

public sealed class XmppEngineDispatchTests
{
    [Fact]
    public void Levels_RunInOrder_PeekSeesAll_FirstConsumerWins()
    {
        using var h = new EngineHarness();
        h.LoginToOpen();
        var seen = new List<string>();
        h.Engine.AddStanzaHandler(_ => { seen.Add("all"); return true; }, XmppHandlerLevel.All);
        h.Engine.AddStanzaHandler(s => { seen.Add("type"); return s.Name == "message"; }, XmppHandlerLevel.Type);
        h.Engine.AddStanzaHandler(_ => { seen.Add("sender"); return false; }, XmppHandlerLevel.Sender);
        h.Engine.AddStanzaHandler(_ => { seen.Add("peek"); return true; }, XmppHandlerLevel.Peek);
        h.Server("<message from='b@localhost/x'><body>1</body></message>");
        Assert.Equal(["peek", "sender", "type"], seen);
        seen.Clear();
        h.Server("<presence from='b@localhost/x'/>");
        Assert.Equal(["peek", "sender", "type", "all"], seen);
    }

    [Fact]
    public void RemovedHandler_IsNotCalled_AndThrowingHandlerDoesNotStopDispatch()
    {
        using var h = new EngineHarness();
        h.LoginToOpen();
        int calls = 0;
        IDisposable reg = h.Engine.AddStanzaHandler(_ => { calls++; return true; }, XmppHandlerLevel.Type);
        h.Engine.AddStanzaHandler(_ => throw new InvalidOperationException("boom"), XmppHandlerLevel.Sender);
        h.Server("<message/>");
        Assert.Equal(1, calls);
        reg.Dispose();
        h.Server("<message/>");
        Assert.Equal(1, calls);
        Assert.Equal(XmppEngineState.Open, h.Engine.State);
    }

    [Fact]
    public void UnhandledIqGet_IsAnsweredServiceUnavailable_ButResultsAreNot()
    {
        using var h = new EngineHarness();
        h.LoginToOpen();
        h.Server("<iq type='get' id='q1' from='b@localhost/x'><query xmlns='urn:unknown'/></iq>");
        XmppElement reply = Assert.Single(h.Output.TakeElements());
        Assert.Equal("error", reply.Type);
        Assert.Equal("q1", reply.Id);
        Assert.Equal("b@localhost/x", reply.To);
        Assert.NotNull(reply.Element("error", XmppNamespaces.Client)!.Element("service-unavailable", XmppNamespaces.Stanzas));
        h.Server("<iq type='result' id='unknown' from='b@localhost/x'/>");
        Assert.Empty(h.Output.TakeElements());
    }

    [Fact]
    public async Task Iq_MatchesIdAndSender_IgnoresSpoofedResponse()
    {
        using var h = new EngineHarness();
        h.LoginToOpen();
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "get").SetAttribute("to", "bob@localhost/r");
        iq.AddChild("ping", XmppNamespaces.Ping);
        Task<XmppElement> task = h.Engine.SendIqAsync(iq);
        string id = iq.Id!;
        h.Server($"<iq type='result' id='{id}' from='mallory@localhost/r'/>");
        Assert.False(task.IsCompleted);
        h.Server($"<iq type='result' id='{id}' from='bob@localhost/r'/>");
        XmppElement result = await task;
        Assert.Equal("bob@localhost/r", result.From);
        Assert.Equal(0, h.Engine.PendingIqCount);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("alice@localhost")]
    [InlineData("localhost")]
    public async Task Iq_WithoutTo_AcceptsMissingFrom_OurBareJid_OrServer(string? from)
    {
        using var h = new EngineHarness();
        h.LoginToOpen();
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "get");
        iq.AddChild("query", XmppNamespaces.Roster);
        Task<XmppElement> task = h.Engine.SendIqAsync(iq);
        h.Server($"<iq type='result' id='{iq.Id}'" + (from is null ? string.Empty : $" from='{from}'") + "/>");
        Assert.True(task.IsCompleted);
        await task;
    }

    [Fact]
    public async Task Iq_Error_ThrowsTypedException_WithCondition()
    {
        using var h = new EngineHarness();
        h.LoginToOpen();
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "set").SetAttribute("to", "bob@localhost/nonexistent");
        Task<XmppElement> task = h.Engine.SendIqAsync(iq);
        h.Server(Fixtures.Read("prosody-iq-error-absent-resource.xml").Replace("b02d1feef14d4dfab10a13fff64f33ec", iq.Id, StringComparison.Ordinal));
        XmppStanzaException ex = await Assert.ThrowsAsync<XmppStanzaException>(() => task);
        Assert.Equal("service-unavailable", ex.Condition);
        Assert.Equal("cancel", ex.ErrorType);
    }

    [Fact]
    public async Task Iq_TimesOut_OnTheInjectedClock()
    {
        using var h = new EngineHarness();
        h.LoginToOpen();
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "get").SetAttribute("to", "bob@localhost/r");
        Task<XmppElement> task = h.Engine.SendIqAsync(iq, TimeSpan.FromSeconds(5));
        h.Time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(task.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(0.2));
        await Assert.ThrowsAsync<TimeoutException>(() => task);
        Assert.Equal(0, h.Engine.PendingIqCount);
    }

    [Fact]
    public async Task PendingIqs_FailOnDisconnect()
    {
        using var h = new EngineHarness();
        h.LoginToOpen();
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "get").SetAttribute("to", "bob@localhost/r");
        Task<XmppElement> task = h.Engine.SendIqAsync(iq);
        h.Engine.OnConnectionClosed();
        await Assert.ThrowsAsync<XmppDisconnectedException>(() => task);
        Assert.Equal(XmppErrorCode.ConnectionClosed, h.Engine.Error);
    }

    [Fact]
    public void StreamManagement_CountsAcksAndAnswersRequests()
    {
        using var h = new EngineHarness(new XmppEngineSettings { User = Jid.Parse("alice@localhost/test"), Password = "p", IdPrefix = string.Empty, AckRequestEvery = 2 });
        h.LoginToOpen("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/>");
        Assert.Contains(h.Output.Writes, w => w.Contains("<enable xmlns=\"urn:xmpp:sm:3\" resume=\"true\"/>", StringComparison.Ordinal));
        h.Server("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>");
        h.Engine.Send(new XmppElement("message", XmppNamespaces.Client).SetAttribute("to", "b@localhost"));
        h.Engine.Send(new XmppElement("message", XmppNamespaces.Client).SetAttribute("to", "b@localhost"));
        h.Engine.Send(new XmppElement("message", XmppNamespaces.Client).SetAttribute("to", "b@localhost"));
        Assert.Equal(3, h.Engine.UnacknowledgedCount);
        Assert.Contains(h.Output.Writes, w => w == "<r xmlns=\"urn:xmpp:sm:3\"/>");
        h.Server("<a xmlns='urn:xmpp:sm:3' h='2'/>");
        Assert.Equal(1, h.Engine.UnacknowledgedCount);
        h.Server("<message from='b@localhost/x'/><presence from='b@localhost/x'/><r xmlns='urn:xmpp:sm:3'/>");
        Assert.Equal("<a xmlns=\"urn:xmpp:sm:3\" h=\"2\"/>", h.Output.Writes[^1]);
        Assert.Equal("sm-1", h.Engine.StreamManagement.ResumptionId);
    }

    [Fact]
    public void StreamManagement_ResendQueue_IsBounded_OldestForgottenAndCounted()
    {
        using var h = new EngineHarness(new XmppEngineSettings { User = Jid.Parse("alice@localhost/test"), Password = "p", IdPrefix = string.Empty, AckRequestEvery = 100, MaxUnacknowledged = 3 });
        h.LoginToOpen("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/>");
        h.Server("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>");
        for (int i = 1; i <= 5; i++)
        {
            h.Engine.Send(new XmppElement("message", XmppNamespaces.Client).SetAttribute("to", "b@localhost").SetAttribute("id", $"m{i}"));
        }

        Assert.Equal(3, h.Engine.UnacknowledgedCount);
        Assert.Equal(2, h.Engine.UnacknowledgedDropped);
        Assert.Equal(["m3", "m4", "m5"], h.Engine.StreamManagement.Unacknowledged.Select(u => u.Stanza.GetAttribute("id")));

        // An ack for everything sent (h = 5) still counts the forgotten ones as sent.
        h.Server("<a xmlns='urn:xmpp:sm:3' h='5'/>");
        Assert.Equal(0, h.Engine.UnacknowledgedCount);
        Assert.Equal(XmppEngineState.Open, h.Engine.State);
    }

    [Fact]
    public void StreamManagement_AckAboveSentCount_EndsStreamWithUndefinedCondition_KeepsQueue()
    {
        using var h = new EngineHarness(new XmppEngineSettings { User = Jid.Parse("alice@localhost/test"), Password = "p", IdPrefix = string.Empty, AckRequestEvery = 100 });
        h.LoginToOpen("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/>");
        h.Server("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>");
        h.Engine.Send(new XmppElement("message", XmppNamespaces.Client).SetAttribute("to", "b@localhost"));
        h.Engine.Send(new XmppElement("message", XmppNamespaces.Client).SetAttribute("to", "b@localhost"));

        h.Server("<a xmlns='urn:xmpp:sm:3' h='3'/>");

        Assert.Equal(XmppEngineState.Closed, h.Engine.State);
        Assert.Equal("undefined-condition", h.Engine.ErrorCondition);
        Assert.Contains(h.Output.Writes, w => w.Contains("<undefined-condition", StringComparison.Ordinal));
        Assert.Equal(2, h.Engine.UnacknowledgedCount);
    }

    [Fact]
    public void StreamManagement_Resume_ResendsUnacknowledged()
    {
        using var first = new EngineHarness();
        first.LoginToOpen("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/>");
        first.Server("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/><message from='b@localhost/x'/>");
        for (int i = 0; i < 3; i++)
        {
            first.Engine.Send(new XmppElement("message", XmppNamespaces.Client).SetAttribute("id", "m" + i));
        }

        first.Server("<a xmlns='urn:xmpp:sm:3' h='1'/>");
        first.Engine.OnConnectionClosed();
        StreamManagementState state = first.Engine.StreamManagement;

        using var second = new EngineHarness();
        second.Engine.StreamManagement = state;
        second.Engine.Connect();
        second.Server(EngineHarness.ServerHeader + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        second.Engine.OnTlsEstablished(null);
        second.Server(EngineHarness.ServerHeader + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features><success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        second.Output.Take();
        second.Server(EngineHarness.ServerHeader + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></stream:features>");
        Assert.Equal("<resume xmlns=\"urn:xmpp:sm:3\" previd=\"sm-1\" h=\"1\"/>", second.Output.Take());
        second.Server("<resumed xmlns='urn:xmpp:sm:3' previd='sm-1' h='2'/>");
        Assert.Equal(XmppEngineState.Open, second.Engine.State);
        Assert.True(second.Engine.Resumed);
        List<XmppElement> resent = second.Output.TakeElements();
        Assert.Equal(["m2"], resent.Select(e => e.Id));
    }

    [Fact]
    public void StreamManagement_FailedResume_BindsAndResendsEverythingUnacknowledged()
    {
        using var first = new EngineHarness();
        first.LoginToOpen("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/>");
        first.Server("<enabled xmlns='urn:xmpp:sm:3' id='sm-1' resume='true'/>");
        first.Engine.Send(new XmppElement("message", XmppNamespaces.Client).SetAttribute("id", "m0"));
        first.Engine.OnConnectionClosed();

        using var second = new EngineHarness();
        second.Engine.StreamManagement = first.Engine.StreamManagement;
        second.Engine.Connect();
        second.Server(EngineHarness.ServerHeader + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        second.Engine.OnTlsEstablished(null);
        second.Server(EngineHarness.ServerHeader + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features><success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        second.Server(EngineHarness.ServerHeader + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></stream:features>");
        second.Output.Take();
        second.Server("<failed xmlns='urn:xmpp:sm:3'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
        XmppElement bind = XmppEngineLoginTests.XmppParse(second.Output.Take());
        second.Server($"<iq type='result' id='{bind.Id}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/new</jid></bind></iq>");
        Assert.Equal(XmppEngineState.Open, second.Engine.State);
        Assert.False(second.Engine.Resumed);
        Assert.Contains("m0", second.Output.TakeElements().Select(e => e.Id));
    }
}
