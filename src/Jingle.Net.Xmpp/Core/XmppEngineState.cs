namespace Jingle.Net.Xmpp;

/// <summary>Engine states, as libjingle's <c>XmppEngine::State</c>.</summary>
public enum XmppEngineState
{
    /// <summary>Created, not connected (STATE_START).</summary>
    Start,

    /// <summary>Stream negotiation in progress: TLS, SASL, bind (STATE_OPENING).</summary>
    Opening,

    /// <summary>Logged in; stanzas flow (STATE_OPEN).</summary>
    Open,

    /// <summary>Closed; <see cref="XmppErrorCode"/> says why (STATE_CLOSED).</summary>
    Closed,
}
