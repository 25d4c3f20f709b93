namespace Jingle.Net.Ice.Checks;

/// <summary>The state of a candidate pair in the checklist (RFC 8445 §6.1.2.6).</summary>
public enum IceCheckState
{
    /// <summary>Not checked yet; waits until a pair with the same foundation succeeds (or nothing else is waiting).</summary>
    Frozen,

    /// <summary>Will be checked when pacing allows.</summary>
    Waiting,

    /// <summary>A check was sent and has not been answered.</summary>
    InProgress,

    /// <summary>A check produced a successful response: the pair is valid.</summary>
    Succeeded,

    /// <summary>Checks failed (timeout, error response) or consent was lost.</summary>
    Failed,
}

/// <summary>libjingle's write state of a Connection (the third letter of <c>CRW</c>).</summary>
public enum ConnectionWriteState
{
    /// <summary><c>W</c>: a check was answered recently.</summary>
    Writable,

    /// <summary><c>w</c>: checks sent, no answer yet (or several recent checks unanswered).</summary>
    WriteConnect,

    /// <summary><c>-</c>: timed out; nothing is sent on it.</summary>
    WriteTimeout,
}
