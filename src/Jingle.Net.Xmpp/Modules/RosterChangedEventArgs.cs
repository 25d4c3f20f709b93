namespace Jingle.Net.Xmpp.Modules;

/// <summary>The roster changed: a result replaced it, or a push added, changed or removed one item.</summary>
public sealed class RosterChangedEventArgs(RosterItem? item, bool removed) : EventArgs
{
    /// <summary>The pushed item, or null when the whole roster was (re)loaded.</summary>
    public RosterItem? Item { get; } = item;

    /// <summary>True when <see cref="Item"/> was removed.</summary>
    public bool Removed { get; } = removed;
}
