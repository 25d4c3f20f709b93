using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp;

public sealed partial class XmppEngine
{
    private readonly List<IXmppStanzaHandler>[] _handlers = [[], [], [], [], []];
    private readonly IqTracker _iqTracker;
    private readonly List<XmppElement> _queued = [];

    /// <summary>Stanzas handed to <see cref="Send"/> before the stream opened, still waiting.</summary>
    internal IReadOnlyList<XmppElement> QueuedStanzas => _queued;

    /// <summary>IQ requests waiting for their response.</summary>
    public int PendingIqCount => _iqTracker.Count;

    /// <summary>
    /// Adds a handler at <paramref name="level"/>. Dispatch walks the levels in order (peek, single, sender, type,
    /// all); the first handler that returns true consumes the stanza. Dispose the result to remove it.
    /// </summary>
    public IDisposable AddStanzaHandler(IXmppStanzaHandler handler, XmppHandlerLevel level)
    {
        ArgumentNullException.ThrowIfNull(handler);
        List<IXmppStanzaHandler> list = _handlers[(int)level];
        list.Add(handler);
        return new Registration(list, handler);
    }

    /// <summary>Adds a delegate handler (see <see cref="AddStanzaHandler(IXmppStanzaHandler, XmppHandlerLevel)"/>).</summary>
    public IDisposable AddStanzaHandler(Func<XmppElement, bool> handler, XmppHandlerLevel level) =>
        AddStanzaHandler(new DelegateHandler(handler), level);

    /// <summary>
    /// Sends a stanza. Before the stream is open it is queued and flushed on open (libjingle does the same); with
    /// stream management on it is kept until the server acknowledges it.
    /// </summary>
    public void Send(XmppElement stanza)
    {
        ArgumentNullException.ThrowIfNull(stanza);
        if (State != XmppEngineState.Open)
        {
            _queued.Add(stanza);
            return;
        }

        WriteStanza(stanza);
    }

    /// <summary>
    /// Sends an IQ get/set and completes with the result. Matches the id and the sender (a request without
    /// <c>to</c> accepts a response without <c>from</c>, from our bare JID or from our server); a <c>type='error'</c>
    /// response throws <see cref="XmppStanzaException"/>; no answer within <paramref name="timeout"/> on the
    /// injected clock throws <see cref="TimeoutException"/>; the stream closing throws
    /// <see cref="XmppDisconnectedException"/>.
    /// </summary>
    public Task<XmppElement> SendIqAsync(XmppElement iq, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(iq);
        if (iq.Name != "iq" || iq.Type is not ("get" or "set"))
        {
            throw new ArgumentException("Expected an <iq type='get'|'set'>.", nameof(iq));
        }

        if (State == XmppEngineState.Closed)
        {
            return Task.FromException<XmppElement>(new XmppDisconnectedException());
        }

        if (iq.Id is null)
        {
            iq.SetAttribute("id", NextId());
        }

        Task<XmppElement> task = _iqTracker.Track(iq, timeout ?? Settings.IqTimeout, cancellationToken);
        Send(iq);
        return task;
    }

    /// <summary>Builds the error reply to an IQ get/set (RFC 6120 §8.3).</summary>
    public static XmppElement CreateErrorReply(XmppElement request, string condition, string errorType = "cancel")
    {
        ArgumentNullException.ThrowIfNull(request);
        var reply = new XmppElement(request.Name, request.Namespace).SetAttribute("type", "error").SetAttribute("id", request.Id);
        reply.SetAttribute("to", request.From);
        XmppElement error = reply.AddChild("error", request.Namespace).SetAttribute("type", errorType);
        error.AddChild(condition, XmppNamespaces.Stanzas);
        return reply;
    }

    /// <summary>Builds an empty result reply to an IQ get/set.</summary>
    public static XmppElement CreateResultReply(XmppElement request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "result")
            .SetAttribute("id", request.Id).SetAttribute("to", request.From);
    }

    internal IDisposable Schedule(TimeSpan delay, Action action) =>
        _thread is not null
            ? _thread.PostDelayed(delay, action)
            : _env.TimeProvider.CreateTimer(_ => action(), null, delay, Timeout.InfiniteTimeSpan);

    internal void Post(Action action)
    {
        if (_thread is null || _thread.IsCurrent)
        {
            action();
        }
        else
        {
            _thread.Post(action);
        }
    }

    private void Dispatch(XmppElement stanza)
    {
        for (int level = 0; level < _handlers.Length; level++)
        {
            List<IXmppStanzaHandler> list = _handlers[level];
            if (list.Count == 0)
            {
                continue;
            }

            IXmppStanzaHandler[] snapshot = [.. list];
            foreach (IXmppStanzaHandler handler in snapshot)
            {
                bool handled;
                try
                {
                    handled = handler.HandleStanza(stanza);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    XmppLog.HandlerThrew(_logger, ex);
                    handled = false;
                }

                if (handled && level != (int)XmppHandlerLevel.Peek)
                {
                    return;
                }

                if (State == XmppEngineState.Closed)
                {
                    return;
                }
            }
        }

        if (stanza.Name == "iq" && stanza.Type is "get" or "set")
        {
            // RFC 6120 §8.4: an IQ nobody understands gets service-unavailable.
            Send(CreateErrorReply(stanza, "service-unavailable"));
        }
    }

    private void FlushQueued()
    {
        if (_queued.Count == 0)
        {
            return;
        }

        XmppElement[] queued = [.. _queued];
        _queued.Clear();
        foreach (XmppElement stanza in queued)
        {
            WriteStanza(stanza);
        }
    }

    private sealed class Registration(List<IXmppStanzaHandler> list, IXmppStanzaHandler handler) : IDisposable
    {
        public void Dispose() => list.Remove(handler);
    }

    private sealed class DelegateHandler(Func<XmppElement, bool> handler) : IXmppStanzaHandler
    {
        public bool HandleStanza(XmppElement stanza) => handler(stanza);
    }
}
