using System.Buffers;
using System.Text;
using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Xmpp.Sasl;
using Jingle.Net.Xmpp.Xml;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Xmpp;

/// <summary>
/// The XMPP client stream, sans-I/O (libjingle's <c>XmppEngine</c>): bytes from the server go into
/// <see cref="HandleInput"/>, bytes for the server, "start TLS now" and "close" come out through
/// <see cref="IXmppEngineOutput"/>. It negotiates the stream (RFC 6120: header, features, STARTTLS, SASL, bind,
/// session when required), runs XEP-0198 stream management, and dispatches stanzas to handlers by priority.
/// It owns no socket or thread; the only timers it asks for are IQ timeouts, through the injected clock
/// (on the engine's RtcThread when one is given). Single-threaded: call it from one thread.
/// </summary>
public sealed partial class XmppEngine : IXmppStreamHandler, IDisposable
{
    private static readonly byte[] StreamEnd = "</stream:stream>"u8.ToArray();
    private readonly JingleEnvironment _env;
    private readonly RtcThread? _thread;
    private readonly IXmppEngineOutput _output;
    private readonly ILogger _logger;
    private readonly XmppStreamParser _parser;
    private readonly ArrayBufferWriter<byte> _writeBuffer = new(1024);
    private readonly string _idPrefix;
    private long _nextId;
    private bool _tlsActive;
    private TlsChannelBinding? _channelBinding;
    private bool _disposed;

    /// <summary>Creates an engine. <paramref name="thread"/>, when given, is where IQ timeouts fire.</summary>
    public XmppEngine(JingleEnvironment env, XmppEngineSettings settings, IXmppEngineOutput output, RtcThread? thread = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        _env = env;
        Settings = settings;
        _output = output;
        _thread = thread;
        _logger = env.LoggerFactory.CreateLogger("Jingle.Net.Xmpp.XmppEngine");
        _parser = new XmppStreamParser(this, settings.ParserLimits);
        _idPrefix = settings.IdPrefix ?? env.Random.NextIceString(6) + "-";
        AddStanzaHandler(_iqTracker = new IqTracker(this), XmppHandlerLevel.Single);
    }

    /// <summary>The settings.</summary>
    public XmppEngineSettings Settings { get; }

    /// <summary>The current state.</summary>
    public XmppEngineState State { get; private set; } = XmppEngineState.Start;

    /// <summary>Why the engine closed.</summary>
    public XmppErrorCode Error { get; private set; }

    /// <summary>The stream error or SASL failure condition that closed the engine, if any.</summary>
    public string? ErrorCondition { get; private set; }

    /// <summary>The full JID the server bound (null before bind).</summary>
    public Jid? BoundJid { get; private set; }

    /// <summary>The server's stream id.</summary>
    public string? StreamId { get; private set; }

    /// <summary>The SASL mechanism that authenticated us.</summary>
    public string? AuthenticatedMechanism { get; private set; }

    /// <summary>True once XEP-0198 was resumed on this stream rather than a new session bound.</summary>
    public bool Resumed { get; private set; }

    /// <summary>Raised on every state change (after the state changed).</summary>
    public event EventHandler<XmppStateChangedEventArgs>? StateChanged;

    /// <summary>A fresh stanza id, unique on this engine.</summary>
    public string NextId() => _idPrefix + (_nextId++).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Opens the stream: writes our stream header. With <see cref="XmppTlsMode.DirectTls"/> the driver has completed
    /// the TLS handshake first and passes its channel binding.
    /// </summary>
    public void Connect(TlsChannelBinding? directTlsBinding = null)
    {
        if (State != XmppEngineState.Start)
        {
            throw new InvalidOperationException("The engine was already started.");
        }

        if (Settings.TlsMode == XmppTlsMode.DirectTls)
        {
            _tlsActive = true;
            _channelBinding = directTlsBinding;
        }

        TransitionTo(XmppEngineState.Opening, XmppErrorCode.None, null);
        StartStream();
    }

    /// <summary>The driver finished the TLS handshake the engine asked for.</summary>
    public void OnTlsEstablished(TlsChannelBinding? binding)
    {
        if (_login != LoginStep.WaitTls)
        {
            throw new InvalidOperationException("TLS was not requested.");
        }

        _tlsActive = true;
        _channelBinding = binding;
        StartStream();
    }

    /// <summary>Bytes from the server.</summary>
    public void HandleInput(ReadOnlySpan<byte> data)
    {
        if (State is XmppEngineState.Closed or XmppEngineState.Start || _login == LoginStep.WaitTls)
        {
            return;
        }

        if (!_parser.Feed(data))
        {
            SendStreamErrorAndClose(_parser.ErrorCondition!, _parser.ErrorText, XmppErrorCode.Xml);
        }
    }

    /// <summary>The connection dropped (or could not be made).</summary>
    public void OnConnectionClosed(XmppErrorCode error = XmppErrorCode.ConnectionClosed)
    {
        if (State != XmppEngineState.Closed)
        {
            TransitionTo(XmppEngineState.Closed, error, null);
        }
    }

    /// <summary>Closes the stream politely (<c>&lt;/stream:stream&gt;</c>) and asks the driver to close.</summary>
    public void Disconnect()
    {
        if (State == XmppEngineState.Closed)
        {
            return;
        }

        if (State == XmppEngineState.Open && _sm.Enabled)
        {
            // Acknowledge what we handled so the server does not bounce it (XEP-0198 §3).
            WriteAck();
        }

        if (State != XmppEngineState.Start)
        {
            _output.WriteOutput(StreamEnd);
        }

        TransitionTo(XmppEngineState.Closed, XmppErrorCode.None, null);
        _output.CloseConnection();
    }

    /// <summary>Writes one whitespace byte, the RFC 6120 §4.6.1 keepalive, when the stream is open.</summary>
    public void SendKeepalive()
    {
        if (State == XmppEngineState.Open)
        {
            _output.WriteOutput(" "u8);
        }
    }

    void IXmppStreamHandler.OnStreamStart(XmppElement header)
    {
        if (_login != LoginStep.WaitStreamHeader)
        {
            SendStreamErrorAndClose(XmppStreamErrorConditions.NotWellFormed, "unexpected stream header", XmppErrorCode.Xml);
            return;
        }

        if (_parser.StreamDefaultNamespace != XmppNamespaces.Client)
        {
            SendStreamErrorAndClose(XmppStreamErrorConditions.InvalidNamespace, "stream namespace is not jabber:client", XmppErrorCode.Xml);
            return;
        }

        if (header.GetAttribute("version") is not { } version || !version.StartsWith("1.", StringComparison.Ordinal))
        {
            SendStreamErrorAndClose(XmppStreamErrorConditions.UnsupportedVersion, "server does not speak XMPP 1.0", XmppErrorCode.Version);
            return;
        }

        StreamId = header.Id;
        _login = LoginStep.WaitFeatures;
    }

    void IXmppStreamHandler.OnStanza(XmppElement stanza)
    {
        if (State == XmppEngineState.Closed)
        {
            return;
        }

        if (stanza.Is("error", XmppNamespaces.Stream))
        {
            string condition = stanza.ElementInNamespace(XmppNamespaces.Streams)?.Name ?? "undefined-condition";
            XmppLog.RemoteStreamError(_logger, condition);
            _output.WriteOutput(StreamEnd);
            TransitionTo(XmppEngineState.Closed, XmppErrorCode.Stream, condition);
            _output.CloseConnection();
            return;
        }

        if (_login != LoginStep.Done)
        {
            HandleLoginElement(stanza);
            return;
        }

        if (stanza.Namespace == XmppNamespaces.StreamManagement)
        {
            HandleStreamManagement(stanza);
            return;
        }

        if (IsStanza(stanza) && _sm.Enabled)
        {
            _sm.InboundCount++;
        }

        Dispatch(stanza);
    }

    void IXmppStreamHandler.OnStreamEnd()
    {
        if (State == XmppEngineState.Closed)
        {
            return;
        }

        _output.WriteOutput(StreamEnd);
        TransitionTo(XmppEngineState.Closed, XmppErrorCode.DocumentClosed, null);
        _output.CloseConnection();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (State != XmppEngineState.Closed)
        {
            TransitionTo(XmppEngineState.Closed, XmppErrorCode.None, null);
        }

        _parser.Dispose();
    }

    internal static bool IsStanza(XmppElement e) =>
        e.Namespace == XmppNamespaces.Client && e.Name is "message" or "presence" or "iq";

    private void StartStream()
    {
        _parser.Reset();
        _login = LoginStep.WaitStreamHeader;
        var sb = new StringBuilder(192);
        sb.Append("<stream:stream to=\"").Append(EscapeAttribute(Settings.Domain))
          .Append("\" xml:lang=\"").Append(EscapeAttribute(Settings.Language))
          .Append("\" version=\"1.0\" xmlns:stream=\"http://etherx.jabber.org/streams\" xmlns=\"jabber:client\">\r\n");
        _output.WriteOutput(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    private static string EscapeAttribute(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal)
         .Replace("<", "&lt;", StringComparison.Ordinal);

    /// <summary>Writes one element (a nonza or stanza) without counting it.</summary>
    private void WriteElement(XmppElement element)
    {
        _writeBuffer.ResetWrittenCount();
        XmppWriter.Write(element, _writeBuffer);
        _output.WriteOutput(_writeBuffer.WrittenSpan);
    }

    private void SendStreamErrorAndClose(string condition, string? reason, XmppErrorCode error)
    {
        if (State == XmppEngineState.Closed)
        {
            return;
        }

        XmppLog.LocalStreamError(_logger, condition, reason);
        _output.WriteOutput(Encoding.UTF8.GetBytes(
            $"<stream:error><{condition} xmlns=\"{XmppNamespaces.Streams}\"/></stream:error></stream:stream>"));
        TransitionTo(XmppEngineState.Closed, error, condition);
        _output.CloseConnection();
    }

    private void TransitionTo(XmppEngineState state, XmppErrorCode error, string? condition)
    {
        if (State == state)
        {
            return;
        }

        State = state;
        if (state == XmppEngineState.Closed)
        {
            Error = error;
            ErrorCondition = condition;
            _login = LoginStep.Closed;
            _iqTracker.FailAll();
        }

        XmppLog.StateChanged(_logger, state, error, condition);
        StateChanged?.Invoke(this, new XmppStateChangedEventArgs(state, error, condition));
    }
}
