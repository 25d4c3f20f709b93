namespace Jingle.Net.Stun.Transactions;

/// <summary>What the owner of a transaction must do after <see cref="StunClientTransaction.OnTimer"/>.</summary>
public enum StunTransactionAction
{
    /// <summary>Nothing yet.</summary>
    None,

    /// <summary>(Re)send the request bytes.</summary>
    Send,

    /// <summary>The transaction just timed out.</summary>
    TimedOut,
}
