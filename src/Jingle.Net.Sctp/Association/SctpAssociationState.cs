namespace Jingle.Net.Sctp;

/// <summary>Association states (RFC 9260 §4).</summary>
public enum SctpAssociationState
{
    Closed,
    CookieWait,
    CookieEchoed,
    Established,
    ShutdownPending,
    ShutdownSent,
    ShutdownReceived,
    ShutdownAckSent,
}
