using System.Text;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Xmpp.Xml;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Xmpp.Tests.Core;

/// <summary>An engine with a recording output and a fake clock, plus a scripted server side.</summary>
internal sealed class EngineHarness : IDisposable
{
    public const string ServerHeader = "<stream:stream id='s1' from='localhost' version='1.0' xml:lang='en' xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client'>";

    public EngineHarness(XmppEngineSettings? settings = null)
    {
        Time = new FakeTimeProvider();
        Env = new JingleEnvironment(Time, NullLoggerFactory.Instance, RandomSource.CreateSeeded(1), new SocketFactory(Time), new NetworkManager());
        Output = new RecordingOutput();
        Engine = new XmppEngine(Env, settings ?? new XmppEngineSettings { User = Jid.Parse("alice@localhost/test"), Password = "alice-pass", IdPrefix = string.Empty }, Output);
        Engine.StateChanged += (_, e) => States.Add(e);
    }

    public FakeTimeProvider Time { get; }

    public JingleEnvironment Env { get; }

    public RecordingOutput Output { get; }

    public XmppEngine Engine { get; }

    public List<XmppStateChangedEventArgs> States { get; } = [];

    public void Server(string xml) => Engine.HandleInput(Encoding.UTF8.GetBytes(xml));

    /// <summary>Runs a PLAIN login over (pretend) TLS to OPEN with the given post-SASL features.</summary>
    public void LoginToOpen(string features = "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>")
    {
        Engine.Connect();
        Server(ServerHeader + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>");
        Server("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        Engine.OnTlsEstablished(null);
        Server(ServerHeader + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>");
        Server("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        Server(ServerHeader + "<stream:features>" + features + "</stream:features>");
        XmppElement bind = XmppEngineLoginTests.XmppParse(Output.Writes[^1]);
        Server($"<iq type='result' id='{bind.Id}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/test</jid></bind></iq>");
        Output.Take();
    }

    public void Dispose() => Engine.Dispose();
}
