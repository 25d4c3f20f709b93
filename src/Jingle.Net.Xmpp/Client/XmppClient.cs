using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Xmpp.Modules;
using Jingle.Net.Xmpp.Xml;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Xmpp;

/// <summary>
/// An XMPP client connection (libjingle's XmppClient + XmppPump): a socket from the environment's socket factory,
/// STARTTLS or direct TLS with certificate validation, the sans-I/O <see cref="XmppEngine"/>, keepalives,
/// reconnects with backoff and XEP-0198 resumption. Everything runs on one signaling <see cref="RtcThread"/>;
/// public methods may be called from any thread and events are raised on the signaling thread.
/// </summary>
public sealed partial class XmppClient : IAsyncDisposable
{
    private readonly JingleEnvironment _env;
    private readonly XmppClientOptions _options;
    private readonly RtcThread _thread;
    private readonly bool _ownsThread;
    private readonly ILogger _logger;
    private readonly List<(IXmppStanzaHandler Handler, XmppHandlerLevel Level)> _handlers = [];
    private readonly List<XmppElement> _outbox = [];
    private XmppEngine? _engine;
    private StreamManagementState? _smState;
    private TaskCompletionSource? _firstOpen;
    private bool _disposed;
    private bool _stopping;

    private XmppClient(JingleEnvironment env, XmppClientOptions options, RtcThread? thread)
    {
        _env = env;
        _options = options;
        _ownsThread = thread is null;
        _thread = thread ?? new RtcThread("xmpp-signaling", env.TimeProvider, env.LoggerFactory);
        _logger = env.LoggerFactory.CreateLogger("Jingle.Net.Xmpp.XmppClient");
        Roster = new XmppRoster(this);
        Presence = new XmppPresence(this);
        Messages = new XmppMessages(this);
        Disco = new XmppDisco(this);
        Ping = new XmppPing(this);
        ExternalServices = new XmppExternalServices(this);
    }

    /// <summary>The current state (libjingle's START / OPENING / OPEN / CLOSED).</summary>
    public XmppEngineState State { get; private set; } = XmppEngineState.Start;

    /// <summary>The full JID the server bound, once open.</summary>
    public Jid? BoundJid { get; private set; }

    /// <summary>The SASL mechanism that authenticated the current stream.</summary>
    public string? AuthenticatedMechanism => _engine?.AuthenticatedMechanism;

    /// <summary>True when the current stream resumed a XEP-0198 session instead of binding a new one.</summary>
    public bool Resumed => _engine?.Resumed ?? false;

    /// <summary>True when XEP-0198 is active on the current stream.</summary>
    public bool StreamManagementEnabled => _engine?.StreamManagementEnabled ?? false;

    /// <summary>The signaling thread the client runs on.</summary>
    public RtcThread Thread => _thread;

    /// <summary>The options.</summary>
    public XmppClientOptions Options => _options;

    /// <summary>Roster (RFC 6121 §2).</summary>
    public XmppRoster Roster { get; }

    /// <summary>Presence (RFC 6121 §3–4).</summary>
    public XmppPresence Presence { get; }

    /// <summary>Messages (RFC 6121 §5).</summary>
    public XmppMessages Messages { get; }

    /// <summary>Service discovery and entity capabilities (XEP-0030, XEP-0115).</summary>
    public XmppDisco Disco { get; }

    /// <summary>XMPP ping (XEP-0199).</summary>
    public XmppPing Ping { get; }

    /// <summary>External service discovery, STUN/TURN servers (XEP-0215).</summary>
    public XmppExternalServices ExternalServices { get; }

    /// <summary>Raised on the signaling thread when the state changes.</summary>
    public event EventHandler<XmppStateChangedEventArgs>? StateChanged;

    /// <summary>
    /// Connects and logs in; completes when the stream is open. Throws <see cref="XmppConnectionException"/> with
    /// the SASL or stream condition when login fails.
    /// </summary>
    public static async Task<XmppClient> ConnectAsync(JingleEnvironment env, XmppClientOptions options,
        RtcThread? signalingThread = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var client = new XmppClient(env, options, signalingThread);
        try
        {
            await client._thread.InvokeAsync(() =>
            {
                client._firstOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                client.StartConnection();
                return client._firstOpen.Task;
            }).WaitAsync(options.ConnectTimeout, env.TimeProvider, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends a stanza (queued while not open; kept until acknowledged with XEP-0198).</summary>
    public void Send(XmppElement stanza)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        RunOnThread(() => SendCore(stanza));
    }

    /// <summary>Sends an IQ get/set and returns the result (see <see cref="XmppEngine.SendIqAsync"/>).</summary>
    public Task<XmppElement> SendIqAsync(XmppElement iq, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iq);
        return _thread.InvokeAsync(() => _engine is { } engine
            ? engine.SendIqAsync(iq, timeout, cancellationToken)
            : Task.FromException<XmppElement>(new XmppDisconnectedException()));
    }

    /// <summary>Adds a stanza handler at a priority level; it stays across reconnects. Dispose to remove.</summary>
    public IDisposable AddStanzaHandler(Func<XmppElement, bool> handler, XmppHandlerLevel level)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var entry = new DelegateStanzaHandler(handler);
        RunOnThread(() => _handlers.Add((entry, level)));
        return new HandlerRegistration(this, entry);
    }

    /// <summary>Closes the stream politely and the connection; no reconnect follows.</summary>
    public Task DisconnectAsync() => _thread.InvokeAsync(() =>
    {
        _stopping = true;
        _reconnectTimer?.Dispose();
        _engine?.Disconnect();
        return _closedTask ?? Task.CompletedTask;
    });

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_thread.IsStopping)
        {
            try
            {
                await DisconnectAsync().WaitAsync(TimeSpan.FromSeconds(5), _env.TimeProvider);
            }
            catch (Exception ex) when (ex is TimeoutException or ObjectDisposedException or OperationCanceledException or IOException)
            {
            }

            await _thread.InvokeAsync(() =>
            {
                _engine?.Dispose();
                _socket?.Dispose();
                _keepaliveTimer?.Dispose();
                _reconnectTimer?.Dispose();
            });
        }

        if (_ownsThread)
        {
            await _thread.DisposeAsync();
        }
    }

    internal XmppEngine? Engine => _engine;

    internal JingleEnvironment Environment => _env;

    internal ILogger Logger => _logger;

    internal void RunOnThread(Action action)
    {
        if (_thread.IsCurrent)
        {
            action();
        }
        else
        {
            _thread.Post(action);
        }
    }

    internal Task<T> InvokeOnThreadAsync<T>(Func<Task<T>> func) => _thread.InvokeAsync(func);

    private void SendCore(XmppElement stanza)
    {
        if (_engine is { State: not XmppEngineState.Closed } engine)
        {
            engine.Send(stanza);
        }
        else
        {
            _outbox.Add(stanza);
        }
    }

    private void OnEngineStateChanged(object? sender, XmppStateChangedEventArgs e)
    {
        if (sender != _engine)
        {
            return;
        }

        // State first: completing _firstOpen lets ConnectAsync's caller run (on another thread) and read it.
        State = e.State;
        if (e.State == XmppEngineState.Open)
        {
            BoundJid = _engine!.BoundJid;
            _reconnectAttempts = 0;
            _firstOpen?.TrySetResult();
            StartKeepalive();
        }
        else if (e.State == XmppEngineState.Closed)
        {
            _firstOpen?.TrySetException(new XmppConnectionException(e.Error, e.Condition,
                $"XMPP login failed: {e.Error}" + (e.Condition is null ? string.Empty : $" ({e.Condition})")
                + (_lastFailure is null ? string.Empty : $": {_lastFailure}")));
        }

        StateChanged?.Invoke(this, e);
        if (e.State == XmppEngineState.Closed)
        {
            OnStreamClosed(e);
        }
    }

    private sealed class DelegateStanzaHandler(Func<XmppElement, bool> handler) : IXmppStanzaHandler
    {
        public bool HandleStanza(XmppElement stanza) => handler(stanza);
    }

    private sealed class HandlerRegistration(XmppClient client, IXmppStanzaHandler handler) : IDisposable
    {
        public void Dispose() => client.RunOnThread(() => client._handlers.RemoveAll(h => h.Handler == handler));
    }

    /// <summary>Registered on every engine once per level: forwards to the client's handlers, which outlive engines.</summary>
    private sealed class LevelForwarder(XmppClient client, XmppHandlerLevel level) : IXmppStanzaHandler
    {
        public bool HandleStanza(XmppElement stanza)
        {
            foreach ((IXmppStanzaHandler handler, XmppHandlerLevel l) in client._handlers.ToArray())
            {
                if (l == level && handler.HandleStanza(stanza) && level != XmppHandlerLevel.Peek)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
