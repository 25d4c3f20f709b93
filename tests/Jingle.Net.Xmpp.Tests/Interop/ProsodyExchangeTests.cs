using Jingle.Net.Base;
using Jingle.Net.Testing;
using Jingle.Net.Xmpp.Modules;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp.Tests.Interop;

[Trait("Category", TestCategories.Interop)]
public sealed class ProsodyExchangeTests(ProsodyServer prosody) : IClassFixture<ProsodyServer>
{
    private static readonly JingleEnvironment Env = JingleEnvironment.CreateDefault(ConsoleLoggerFactory.FromEnvironment());
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private Task<XmppClient> Connect(string user, bool autoReconnect = false) =>
        XmppClient.ConnectAsync(Env, prosody.Options(user) with
        {
            AutoReconnect = autoReconnect,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        }, cancellationToken: Token);

    [Fact]
    public async Task TwoClients_ExchangeMessages()
    {
        prosody.Require();
        await using XmppClient alice = await Connect("alice");
        await using XmppClient bob = await Connect("bob");
        var got = new TaskCompletionSource<MessageReceivedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.Messages.Received += (_, e) => got.TrySetResult(e);
        alice.Messages.Send(bob.BoundJid!, "hello <bob> & \u263A");
        MessageReceivedEventArgs m = await got.Task.WaitAsync(Wait, Token);
        Assert.Equal("hello <bob> & \u263A", m.Body);
        Assert.Equal(alice.BoundJid, m.From);
        Assert.Equal("chat", m.Type);
    }

    [Fact]
    public async Task TwoClients_ExchangeIqs_AndUnknownIqGetsServiceUnavailable()
    {
        prosody.Require();
        await using XmppClient alice = await Connect("alice");
        await using XmppClient bob = await Connect("bob");
        using IDisposable handler = bob.AddStanzaHandler(s =>
        {
            if (s.Name != "iq" || s.Type != "get" || s.Element("echo", "urn:test:echo") is not { } echo)
            {
                return false;
            }

            XmppElement reply = XmppEngine.CreateResultReply(s);
            reply.AddChild("echo", "urn:test:echo").Text = echo.Text.ToUpperInvariant();
            bob.Send(reply);
            return true;
        }, XmppHandlerLevel.Type);
        await Task.Delay(50, Token); // the handler is added on bob's signaling thread

        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "get").SetAttribute("to", bob.BoundJid!.ToString());
        iq.AddChild("echo", "urn:test:echo").Text = "ping";
        XmppElement result = await alice.SendIqAsync(iq, cancellationToken: Token);
        Assert.Equal("PING", result.Element("echo", "urn:test:echo")!.Text);

        var unknown = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "get").SetAttribute("to", bob.BoundJid.ToString());
        unknown.AddChild("query", "urn:test:nobody");
        XmppStanzaException ex = await Assert.ThrowsAsync<XmppStanzaException>(() => alice.SendIqAsync(unknown, cancellationToken: Token));
        Assert.Equal("service-unavailable", ex.Condition);

        var absent = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "get").SetAttribute("to", "bob@localhost/nonexistent");
        absent.AddChild("ping", XmppNamespaces.Ping);
        XmppStanzaException gone = await Assert.ThrowsAsync<XmppStanzaException>(() => alice.SendIqAsync(absent, cancellationToken: Token));
        Assert.Equal("service-unavailable", gone.Condition);
    }

    [Fact]
    public async Task Subscription_Presence_AndRoster()
    {
        prosody.Require();
        await using XmppClient carol = await Connect("carol");
        await using XmppClient bob = await Connect("bob");
        bob.Presence.SubscriptionRequested += (_, e) => bob.Presence.Approve(e.From!);
        var bobOnline = new TaskCompletionSource<PresenceReceivedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        carol.Presence.Received += (_, e) =>
        {
            if (e.IsAvailable && e.From?.Bare == bob.BoundJid!.Bare)
            {
                bobOnline.TrySetResult(e);
            }
        };
        var rosterPushed = new TaskCompletionSource<RosterItem>(TaskCreationOptions.RunContinuationsAsynchronously);
        carol.Roster.Changed += (_, e) =>
        {
            if (e.Item is { Subscription: "to" or "both" } item && item.Jid == bob.BoundJid!.Bare)
            {
                rosterPushed.TrySetResult(item);
            }
        };

        await carol.Roster.GetAsync(Token);
        await bob.Roster.GetAsync(Token);
        carol.Presence.SendAvailable(status: "here", priority: 5);
        bob.Presence.SendAvailable("chat", "ready", 1);
        carol.Presence.Subscribe(bob.BoundJid!);

        RosterItem pushed = await rosterPushed.Task.WaitAsync(Wait, Token);
        Assert.Equal("bob@localhost", pushed.Jid.ToString());
        PresenceReceivedEventArgs presence = await bobOnline.Task.WaitAsync(Wait, Token);
        Assert.Equal("chat", presence.Show);
        Assert.Equal("ready", presence.Status);
        Assert.Equal(1, presence.Priority);
        Assert.NotNull(presence.Stanza.Element("c", XmppNamespaces.Caps));

        await carol.Roster.SetAsync(Jid.Parse("dave@localhost"), "Dave", ["Friends"], Token);
        IReadOnlyList<RosterItem> roster = await carol.Roster.GetAsync(Token);
        RosterItem dave = Assert.Single(roster, i => i.Jid.ToString() == "dave@localhost");
        Assert.Equal("Dave", dave.Name);
        Assert.Equal(["Friends"], dave.Groups);
        Assert.Contains(roster, i => i.Jid.ToString() == "bob@localhost");
        Assert.NotNull(carol.Roster.Version);
        await carol.Roster.RemoveAsync(Jid.Parse("dave@localhost"), Token);
        Assert.DoesNotContain(await carol.Roster.GetAsync(Token), i => i.Jid.ToString() == "dave@localhost");
    }

    [Fact]
    public async Task RosterPush_FromForeignJid_IsIgnored()
    {
        prosody.Require();
        await using XmppClient alice = await Connect("alice");
        await using XmppClient bob = await Connect("bob");
        IReadOnlyList<RosterItem> before = await alice.Roster.GetAsync(Token);
        var push = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "set").SetAttribute("to", alice.BoundJid!.ToString());
        push.AddChild("query", XmppNamespaces.Roster).AddChild("item", XmppNamespaces.Roster)
            .SetAttribute("jid", "mallory@evil.example").SetAttribute("subscription", "both");
        await Assert.ThrowsAsync<TimeoutException>(() => bob.SendIqAsync(push, TimeSpan.FromSeconds(1), Token));
        Assert.Equal(1, alice.Roster.IgnoredPushes);
        Assert.DoesNotContain(alice.Roster.Items, i => i.Jid.Domain == "evil.example");
        Assert.Equal(before.Count, alice.Roster.Items.Count);
    }

    [Fact]
    public async Task Ping_ServerAndPeer()
    {
        prosody.Require();
        await using XmppClient alice = await Connect("alice");
        await using XmppClient bob = await Connect("bob");
        TimeSpan server = await alice.Ping.PingAsync(cancellationToken: Token);
        TimeSpan peer = await alice.Ping.PingAsync(bob.BoundJid, Token);
        Assert.InRange(server, TimeSpan.Zero, Wait);
        Assert.InRange(peer, TimeSpan.Zero, Wait);
    }

    [Fact]
    public async Task Disco_ServerFeatures_AndOurCapsNode()
    {
        prosody.Require();
        await using XmppClient alice = await Connect("alice");
        await using XmppClient bob = await Connect("bob");
        DiscoInfo server = await alice.Disco.GetInfoAsync(Jid.Parse("localhost"), cancellationToken: Token);
        Assert.True(server.HasFeature(XmppNamespaces.Ping));
        Assert.Contains(server.Identities, i => i.Category == "server");

        DiscoInfo peer = await alice.Disco.GetInfoAsync(bob.BoundJid!, XmppDisco.CapsNode + "#" + bob.Disco.CapsVer, Token);
        Assert.Equal(bob.Disco.CapsVer, EntityCapabilities.ComputeVer(peer.Identities, peer.Features));
        Assert.True(peer.HasFeature(XmppNamespaces.DiscoInfo));
        Assert.Empty(await alice.Disco.GetItemsAsync(bob.BoundJid!, cancellationToken: Token));
    }

    [Fact]
    public async Task StreamManagement_ResumesAfterSocketCut_NothingLost()
    {
        prosody.Require();
        await using XmppClient alice = await Connect("alice", autoReconnect: true);
        await using XmppClient bob = await Connect("bob");
        Assert.True(alice.StreamManagementEnabled);
        var aliceGot = new List<string>();
        var bobGot = new List<string>();
        var aliceAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bobAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.Messages.Received += (_, e) => { lock (aliceGot) { aliceGot.Add(e.Body!); if (aliceGot.Distinct().Count() == 10) { aliceAll.TrySetResult(); } } };
        bob.Messages.Received += (_, e) => { lock (bobGot) { bobGot.Add(e.Body!); if (bobGot.Distinct().Count() == 10) { bobAll.TrySetResult(); } } };
        var reopened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool closedSeen = false;
        alice.StateChanged += (_, e) =>
        {
            if (e.State == XmppEngineState.Closed)
            {
                closedSeen = true;
            }
            else if (e.State == XmppEngineState.Open && closedSeen)
            {
                reopened.TrySetResult();
            }
        };
        Jid aliceFull = alice.BoundJid!;
        // Prosody delivers chat to a full JID only once that resource sent initial presence.
        alice.Presence.SendAvailable();
        bob.Presence.SendAvailable();
        await alice.Ping.PingAsync(cancellationToken: Token);
        await bob.Ping.PingAsync(cancellationToken: Token);
        for (int i = 0; i < 5; i++)
        {
            alice.Messages.Send(bob.BoundJid!, "a" + i);
            bob.Messages.Send(aliceFull, "b" + i);
        }

        await alice.AbortConnectionAsync();
        for (int i = 5; i < 10; i++)
        {
            alice.Messages.Send(bob.BoundJid!, "a" + i);
            bob.Messages.Send(aliceFull, "b" + i);
        }

        await reopened.Task.WaitAsync(Wait, Token);
        Assert.True(alice.Resumed);
        Assert.Equal(aliceFull, alice.BoundJid);
        await Task.WhenAll(aliceAll.Task, bobAll.Task).WaitAsync(Wait, Token);
        lock (aliceGot)
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(i => "b" + i).ToHashSet(), aliceGot.ToHashSet());
        }

        lock (bobGot)
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(i => "a" + i).ToHashSet(), bobGot.ToHashSet());
        }
    }
}
