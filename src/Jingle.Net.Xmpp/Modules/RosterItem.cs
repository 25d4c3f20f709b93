namespace Jingle.Net.Xmpp.Modules;

/// <summary>One roster entry (RFC 6121 §2.1.2).</summary>
/// <param name="Jid">The contact's bare JID.</param>
/// <param name="Name">The user's name for the contact, if any.</param>
/// <param name="Subscription">none, to, from, both (remove only appears in pushes).</param>
/// <param name="AskSubscribe">True for a pending outbound subscription request (<c>ask='subscribe'</c>).</param>
/// <param name="Groups">The groups the contact is in.</param>
public sealed record RosterItem(Jid Jid, string? Name, string Subscription, bool AskSubscribe, IReadOnlyList<string> Groups);
