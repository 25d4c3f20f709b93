namespace Jingle.Net.Jsep;

/// <summary>
/// The result of applying a description: the state before and after, and whether a remote offer in
/// have-local-offer first rolled the local offer back (W3C "implicit rollback", perfect negotiation).
/// </summary>
internal readonly record struct SignalingTransition(SignalingState From, SignalingState To, bool ImplicitRollback)
{
    /// <summary>True when the state changed (the PeerConnection raises SignalingStateChanged then).</summary>
    public bool Changed => From != To;
}
