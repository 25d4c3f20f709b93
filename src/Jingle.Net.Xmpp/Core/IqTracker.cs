using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp;

/// <summary>Matches IQ responses to pending requests by id and sender (RFC 6120 §8.2.3, §10.3.3).</summary>
internal sealed class IqTracker(XmppEngine engine) : IXmppStanzaHandler
{
    private readonly Dictionary<string, Entry> _pending = new(StringComparer.Ordinal);

    public int Count => _pending.Count;

    public Task<XmppElement> Track(XmppElement iq, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string id = iq.Id!;
        Jid? to = iq.To is { } t && Jid.TryParse(t, out Jid? parsed) ? parsed : null;
        var entry = new Entry(to, new TaskCompletionSource<XmppElement>(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending[id] = entry;
        entry.Timer = engine.Schedule(timeout, () => Complete(id, entry, e => e.TrySetException(
            new TimeoutException($"No response to IQ '{id}' within {timeout.TotalSeconds:0.###} s."))));
        if (cancellationToken.CanBeCanceled)
        {
            entry.Cancellation = cancellationToken.Register(() => engine.Post(() =>
                Complete(id, entry, e => e.TrySetCanceled(cancellationToken))));
        }

        return entry.Completion.Task;
    }

    public bool HandleStanza(XmppElement stanza)
    {
        if (stanza.Name != "iq" || stanza.Type is not ("result" or "error") || stanza.Id is not { } id
            || !_pending.TryGetValue(id, out Entry? entry) || !FromMatches(entry.To, stanza.From))
        {
            return false;
        }

        if (stanza.Type == "result")
        {
            Complete(id, entry, e => e.TrySetResult(stanza));
        }
        else
        {
            Complete(id, entry, e => e.TrySetException(XmppStanzaException.FromStanza(stanza)));
        }

        return true;
    }

    public void FailAll()
    {
        foreach ((string id, Entry entry) in _pending.ToArray())
        {
            Complete(id, entry, e => e.TrySetException(new XmppDisconnectedException()));
        }
    }

    private bool FromMatches(Jid? to, string? from)
    {
        Jid? me = engine.BoundJid;
        if (from is null)
        {
            return to is null || (me is not null && (to == me.Bare || to.ToString() == me.Domain));
        }

        if (!Jid.TryParse(from, out Jid? sender))
        {
            return false;
        }

        if (to is null)
        {
            return me is not null && (sender == me.Bare || sender == me || (sender.Local is null && sender.Resource is null && sender.Domain == me.Domain));
        }

        return sender == to;
    }

    private void Complete(string id, Entry entry, Action<TaskCompletionSource<XmppElement>> action)
    {
        if (!_pending.TryGetValue(id, out Entry? current) || current != entry)
        {
            return;
        }

        _pending.Remove(id);
        entry.Timer?.Dispose();
        entry.Cancellation.Dispose();
        action(entry.Completion);
    }

    private sealed class Entry(Jid? to, TaskCompletionSource<XmppElement> completion)
    {
        public Jid? To { get; } = to;

        public TaskCompletionSource<XmppElement> Completion { get; } = completion;

        public IDisposable? Timer { get; set; }

        public CancellationTokenRegistration Cancellation { get; set; }
    }
}
