using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Jingle.Net.Base;
using Jingle.Net.Xmpp;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Benchmarks.Xmpp;

/// <summary>
/// Stanza parse + dispatch throughput of the sans-I/O XmppEngine: a batch of chat messages (as Prosody delivers
/// them) is fed in 4 KiB reads to an engine in the OPEN state and dispatched to a Type-level handler.
/// Per-operation figures are per stanza (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class XmppParseDispatchBenchmarks
{
    private const int Stanzas = 1000;
    private XmppEngine _engine = null!;
    private byte[] _input = [];
    private int _handled;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new XmppEngineSettings { User = Jid.Parse("alice@localhost/bench"), Password = "p", IdPrefix = string.Empty, StreamManagement = false };
        _engine = new XmppEngine(JingleEnvironment.CreateDefault(), settings, new NullOutput());
        _engine.AddStanzaHandler(s =>
        {
            if (s.Name == "message")
            {
                _handled++;
                return true;
            }

            return false;
        }, XmppHandlerLevel.Type);
        const string header = "<stream:stream id='s' from='localhost' version='1.0' xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client'>";
        _engine.Connect();
        Feed(header + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        _engine.OnTlsEstablished(null);
        Feed(header + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features><success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        Feed(header + "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features><iq type='result' id='0'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/bench</jid></bind></iq>");
        if (_engine.State != XmppEngineState.Open)
        {
            throw new InvalidOperationException("engine did not open");
        }

        var sb = new StringBuilder();
        for (int i = 0; i < Stanzas; i++)
        {
            sb.Append("<message type='chat' id='m").Append(i).Append("' to='alice@localhost/bench' from='bob@localhost/phone' xml:lang='en'><body>hello number ")
              .Append(i).Append(" &amp; more</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>");
        }

        _input = Encoding.UTF8.GetBytes(sb.ToString());
        ParseAndDispatch();
        if (_handled != Stanzas)
        {
            throw new InvalidOperationException($"dispatched {_handled} of {Stanzas}");
        }
    }

    [Benchmark(OperationsPerInvoke = Stanzas)]
    public int ParseAndDispatch()
    {
        _handled = 0;
        ReadOnlySpan<byte> input = _input;
        for (int offset = 0; offset < input.Length; offset += 4096)
        {
            _engine.HandleInput(input.Slice(offset, Math.Min(4096, input.Length - offset)));
        }

        return _handled;
    }

    private void Feed(string s) => _engine.HandleInput(Encoding.UTF8.GetBytes(s));

    private sealed class NullOutput : IXmppEngineOutput
    {
        public void WriteOutput(ReadOnlySpan<byte> data)
        {
        }

        public void StartTls(string domain)
        {
        }

        public void CloseConnection()
        {
        }
    }
}
