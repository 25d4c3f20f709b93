namespace Jingle.Net.Stun.Transactions;

/// <summary>Where a client transaction is.</summary>
public enum StunTransactionState
{
    /// <summary>Created, nothing sent yet.</summary>
    Created,

    /// <summary>Request sent, waiting for a response (retransmitting over UDP).</summary>
    Waiting,

    /// <summary>A response (success or error) arrived.</summary>
    Completed,

    /// <summary>No response within the retransmission schedule (Rc/Rm) or Ti.</summary>
    TimedOut,

    /// <summary>Cancelled by its owner.</summary>
    Cancelled,
}
