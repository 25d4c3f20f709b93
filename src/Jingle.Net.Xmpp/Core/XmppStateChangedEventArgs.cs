namespace Jingle.Net.Xmpp;

/// <summary>An engine or client state change; on close, why.</summary>
public sealed class XmppStateChangedEventArgs(XmppEngineState state, XmppErrorCode error, string? condition) : EventArgs
{
    /// <summary>The new state.</summary>
    public XmppEngineState State { get; } = state;

    /// <summary>Why it closed (<see cref="XmppErrorCode.None"/> otherwise).</summary>
    public XmppErrorCode Error { get; } = error;

    /// <summary>The stream error or SASL condition (<c>not-authorized</c>), when there was one.</summary>
    public string? Condition { get; } = condition;

    public override string ToString() => Condition is null ? $"{State} ({Error})" : $"{State} ({Error}: {Condition})";
}
