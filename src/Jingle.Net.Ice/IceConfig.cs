using Jingle.Net.Ice.Checks;

namespace Jingle.Net.Ice;

/// <summary>
/// Timing and policy of the ICE agent. Defaults follow RFC 8445, RFC 7675 and libwebrtc's constants; each is named
/// after what it controls.
/// </summary>
public sealed record IceConfig
{
    /// <summary>Ta: the pacing of new checks (RFC 8445 §14.2; 50 ms).</summary>
    public TimeSpan CheckPacing { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Spacing of a triggered check (RFC 8445 §7.3.1.4 — an answer to the peer's check — or the controlling agent's
    /// nominating check) after the previous check: 5 ms, the least RFC 8445 §14.2 allows. Triggered checks follow
    /// the peer's own paced checks or one success, so they add no rate of their own; sending them a full
    /// <see cref="CheckPacing"/> later only delays connecting. A peer that waits for our USE-CANDIDATE before it
    /// starts DTLS (aiortc's aioice) connected ~50 ms late with the nomination on the next 50 ms slot.
    /// </summary>
    public TimeSpan TriggeredCheckPacing { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>First re-check interval of an unanswered pair; doubles per unanswered check up to <see cref="MaxRecheckInterval"/>.</summary>
    public TimeSpan InitialRecheckInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRecheckInterval { get; init; } = TimeSpan.FromMilliseconds(1600);

    /// <summary>A pair never answered fails after this long (libwebrtc's write-connect timeout band).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A pair is receiving (the <c>R</c> of CRW) while something arrived on it within this (libwebrtc: 2.5 s).</summary>
    public TimeSpan ReceivingTimeout { get; init; } = TimeSpan.FromMilliseconds(2500);

    /// <summary>RFC 7675 §5.1: consent checks on the selected pair every ~5 s, randomized ×[0.8, 1.2].</summary>
    public TimeSpan ConsentCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>RFC 7675 §5.1: consent is lost (sending stops) after 30 s without a response.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Valid pairs that are not selected are checked this often, so a backup is known to work (and is receiving)
    /// when the selected path fails.
    /// </summary>
    public TimeSpan BackupPingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The selected pair gets a check when nothing arrived on it for this long (data in both directions makes these
    /// unnecessary; consent checks still run), so an idle pair stays "receiving" and a dead path is noticed within
    /// <see cref="ReceivingTimeout"/>.
    /// </summary>
    public TimeSpan IdleCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A selected pair that stopped receiving is checked this often until it recovers or is replaced.</summary>
    public TimeSpan WeakPingInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A writable pair turns <c>w</c> after this many unanswered checks spanning <see cref="UnreliableAfter"/>.</summary>
    public int UnreliableAfterChecks { get; init; } = 5;

    public TimeSpan UnreliableAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Regular nomination waits at most this long for a better pair before nominating the selected one.</summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public IceNominationMode Nomination { get; init; } = IceNominationMode.Regular;

    /// <summary>RFC 8445 §6.1.2.5: the checklist is capped (default 100 pairs); the lowest-priority pairs are dropped.</summary>
    public int MaxPairs { get; init; } = 100;

    /// <summary>Act as an ICE-lite agent (RFC 8445 §2.5): host candidates only, no checks sent, always controlled.</summary>
    public bool IceLite { get; init; }

    /// <summary>
    /// libjingle's legacy Google ICE: USERNAME = remote fragment + local fragment, no MESSAGE-INTEGRITY, no role
    /// attributes. For the gingle signaling.
    /// </summary>
    public bool LegacyGoogleIce { get; init; }
}
