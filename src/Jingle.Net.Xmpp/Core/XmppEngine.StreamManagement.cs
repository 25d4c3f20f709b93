using System.Globalization;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp;

public sealed partial class XmppEngine
{
    private StreamManagementState _sm = new();

    /// <summary>True when XEP-0198 is enabled on this stream.</summary>
    public bool StreamManagementEnabled => _sm.Enabled;

    /// <summary>Stanzas sent and not yet acknowledged by the server (XEP-0198).</summary>
    public int UnacknowledgedCount => _sm.Unacknowledged.Count;

    /// <summary>
    /// Sent stanzas forgotten from the resend queue because it held <see cref="XmppEngineSettings.MaxUnacknowledged"/>
    /// unacknowledged ones.
    /// </summary>
    public long UnacknowledgedDropped { get; private set; }

    /// <summary>The XEP-0198 state; a reconnecting client hands the old engine's state to the new one.</summary>
    internal StreamManagementState StreamManagement
    {
        get => _sm;
        set
        {
            if (State != XmppEngineState.Start)
            {
                throw new InvalidOperationException("Stream management state can only be set before Connect.");
            }

            _sm = value;
            _sm.Enabled = false;
        }
    }

    /// <summary>
    /// Everything not known to be delivered, oldest first: unacknowledged stanzas (when stream management was on)
    /// followed by stanzas still queued for the stream to open. The engine forgets them.
    /// </summary>
    internal List<XmppElement> TakeUndelivered()
    {
        var list = new List<XmppElement>(_sm.Unacknowledged.Count + _queued.Count);
        foreach ((_, XmppElement stanza) in _sm.Unacknowledged)
        {
            list.Add(stanza);
        }

        _sm.Unacknowledged.Clear();
        list.AddRange(_queued);
        _queued.Clear();
        return list;
    }

    /// <summary>Asks the server to acknowledge (<c>&lt;r/&gt;</c>) when something is unacknowledged.</summary>
    public void RequestAck()
    {
        if (State == XmppEngineState.Open && _sm.Enabled && _sm.Unacknowledged.Count > 0)
        {
            WriteElement(new XmppElement("r", XmppNamespaces.StreamManagement));
        }
    }

    private void EnableStreamManagement()
    {
        _sm.Enabled = true;
        _sm.Unacknowledged.Clear();
        _sm.InboundCount = 0;
        _sm.OutboundCount = 0;
        _sm.ResumptionId = null;
        _sm.BoundJid = BoundJid;
        WriteElement(new XmppElement("enable", XmppNamespaces.StreamManagement).SetAttribute("resume", "true"));
    }

    private void WriteStanza(XmppElement stanza)
    {
        if (_sm.Enabled && IsStanza(stanza))
        {
            _sm.OutboundCount++;
            if (_sm.Unacknowledged.Count >= Math.Max(1, Settings.MaxUnacknowledged))
            {
                _sm.Unacknowledged.Dequeue();
                UnacknowledgedDropped++;
                if (UnacknowledgedDropped == 1 || UnacknowledgedDropped % 1000 == 0)
                {
                    XmppLog.UnacknowledgedQueueFull(_logger, Settings.MaxUnacknowledged, UnacknowledgedDropped);
                }
            }

            _sm.Unacknowledged.Enqueue((_sm.OutboundCount, stanza));
            WriteElement(stanza);
            if (_sm.Unacknowledged.Count % Math.Max(1, Settings.AckRequestEvery) == 0)
            {
                WriteElement(new XmppElement("r", XmppNamespaces.StreamManagement));
            }

            return;
        }

        WriteElement(stanza);
    }

    private void WriteAck() =>
        WriteElement(new XmppElement("a", XmppNamespaces.StreamManagement)
            .SetAttribute("h", _sm.InboundCount.ToString(CultureInfo.InvariantCulture)));

    private void HandleStreamManagement(XmppElement e)
    {
        switch (e.Name)
        {
            case "r":
                WriteAck();
                break;
            case "a" when TryGetH(e, out uint h):
                if (AcknowledgesTooMuch(h))
                {
                    return;
                }

                _sm.Acknowledge(h);
                XmppLog.StreamManagement(_logger, "ack", h, _sm.Unacknowledged.Count);
                break;
            case "enabled":
                _sm.ResumptionId = e.GetAttribute("resume") is "true" or "1" ? e.Id : null;
                XmppLog.StreamManagement(_logger, "enabled", 0, 0);
                break;
            case "failed":
                // Enable refused: stop counting; what we kept is dropped from the queue (nothing to resend to).
                _sm.Enabled = false;
                _sm.Unacknowledged.Clear();
                break;
            default:
                break;
        }
    }

    private void OnResumeAnswer(XmppElement e)
    {
        if (e.Name == "resumed" && TryGetH(e, out uint h))
        {
            if (AcknowledgesTooMuch(h))
            {
                return;
            }

            _sm.Acknowledge(h);
            _sm.OutboundCount = h;
            _sm.Enabled = true;
            Resumed = true;
            BoundJid = _sm.BoundJid;
            XmppLog.StreamManagement(_logger, "resumed", h, _sm.Unacknowledged.Count);
            (uint, XmppElement)[] resend = [.. _sm.Unacknowledged];
            _sm.Unacknowledged.Clear();
            _login = LoginStep.Done;
            TransitionTo(XmppEngineState.Open, XmppErrorCode.None, null);
            foreach ((_, XmppElement stanza) in resend)
            {
                WriteStanza(stanza);
            }

            FlushQueued();
            return;
        }

        // <failed/>: the old session is gone. Bind a new one and resend what was never acknowledged.
        XmppLog.StreamManagement(_logger, "resume failed", 0, _sm.Unacknowledged.Count);
        if (e.Name == "failed" && TryGetH(e, out uint acked))
        {
            _sm.Acknowledge(acked);
        }

        var unacked = new List<XmppElement>();
        foreach ((_, XmppElement stanza) in _sm.Unacknowledged)
        {
            unacked.Add(stanza);
        }

        _sm.Unacknowledged.Clear();
        _sm.ResumptionId = null;
        _queued.InsertRange(0, unacked);
        SendBind();
    }

    /// <summary>
    /// XEP-0198 §4: an <c>h</c> above the number of stanzas we sent is a protocol violation; the stream ends with
    /// undefined-condition ("h value too high") and nothing is dropped from the resend queue.
    /// </summary>
    private bool AcknowledgesTooMuch(uint h)
    {
        if ((int)(h - _sm.OutboundCount) <= 0)
        {
            return false;
        }

        SendStreamErrorAndClose(
            "undefined-condition",
            $"h value too high: acknowledged {h}, sent {_sm.OutboundCount}",
            XmppErrorCode.Xml);
        return true;
    }

    private static bool TryGetH(XmppElement e, out uint h) =>
        uint.TryParse(e.GetAttribute("h"), NumberStyles.None, CultureInfo.InvariantCulture, out h);
}
