using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp;

/// <summary>
/// XEP-0198 counters and the unacknowledged-stanza queue. It outlives one connection: a new engine gets the old
/// one's state to resume the session (or, when the server refuses, to resend what was never acknowledged).
/// </summary>
internal sealed class StreamManagementState
{
    /// <summary>The session id from &lt;enabled/&gt; when the server allows resumption.</summary>
    public string? ResumptionId { get; set; }

    /// <summary>The full JID of the session a resumption continues.</summary>
    public Jid? BoundJid { get; set; }

    /// <summary>True once &lt;enable/&gt; was sent on the current stream (outbound counting has begun).</summary>
    public bool Enabled { get; set; }

    /// <summary>Stanzas handled from the server (our <c>h</c>).</summary>
    public uint InboundCount { get; set; }

    /// <summary>Stanzas sent since enable.</summary>
    public uint OutboundCount { get; set; }

    /// <summary>Stanzas sent and not yet acknowledged, with their sequence number (1-based).</summary>
    public Queue<(uint Sequence, XmppElement Stanza)> Unacknowledged { get; } = new();

    /// <summary>Drops everything the server acknowledged with <c>h</c> (XEP-0198 §4).</summary>
    public void Acknowledge(uint h)
    {
        while (Unacknowledged.Count > 0 && (int)(h - Unacknowledged.Peek().Sequence) >= 0)
        {
            Unacknowledged.Dequeue();
        }
    }
}
