namespace Jingle.Net.Stun.Transactions;

/// <summary>
/// The client transactions in flight on one socket, keyed by transaction id (sans-I/O). A response completes the
/// transaction with its id and removes it, so duplicates and late retransmitted responses find nothing and are
/// ignored (and counted). <see cref="Poll"/> drives every transaction's timers.
/// </summary>
/// <typeparam name="TState">What the owner keeps with each transaction (a completion source, a callback...).</typeparam>
public sealed class StunTransactionTable<TState>
{
    private readonly Dictionary<StunTransactionId, (StunClientTransaction Transaction, TState State)> _transactions = [];
    private readonly List<StunClientTransaction> _due = [];

    /// <summary>Transactions in flight.</summary>
    public int Count => _transactions.Count;

    /// <summary>Responses that matched no transaction in flight (duplicates, late, stray).</summary>
    public long UnmatchedResponses { get; private set; }

    /// <summary>The earliest deadline of all transactions, or null.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan? next = null;
            foreach ((StunClientTransaction transaction, _) in _transactions.Values)
            {
                if (transaction.NextDeadline is TimeSpan deadline && (next is null || deadline < next))
                {
                    next = deadline;
                }
            }

            return next;
        }
    }

    /// <summary>Starts <paramref name="transaction"/> at <paramref name="now"/> and tracks it; the caller sends the request.</summary>
    public void Start(StunClientTransaction transaction, TState state, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (!_transactions.TryAdd(transaction.Id, (transaction, state)))
        {
            throw new InvalidOperationException($"Transaction {transaction.Id} is already in flight.");
        }

        transaction.Start(now);
    }

    /// <summary>
    /// Looks up the transaction in flight with <paramref name="id"/> without completing it (to validate a response
    /// before <see cref="TryCompleteResponse"/>). False when none is waiting.
    /// </summary>
    public bool TryGetWaiting(StunTransactionId id, out StunClientTransaction? transaction, out TState? state)
    {
        if (_transactions.TryGetValue(id, out var entry) && entry.Transaction.State == StunTransactionState.Waiting)
        {
            transaction = entry.Transaction;
            state = entry.State;
            return true;
        }

        transaction = null;
        state = default;
        return false;
    }

    /// <summary>Matches a response by transaction id; the matched transaction is completed and removed.</summary>
    public bool TryCompleteResponse(StunTransactionId id, out StunClientTransaction? transaction, out TState? state)
    {
        if (_transactions.Remove(id, out var entry) && entry.Transaction.OnResponse(id))
        {
            transaction = entry.Transaction;
            state = entry.State;
            return true;
        }

        UnmatchedResponses++;
        transaction = null;
        state = default;
        return false;
    }

    /// <summary>Removes and cancels a transaction (no callback).</summary>
    public bool Cancel(StunTransactionId id, out TState? state)
    {
        if (_transactions.Remove(id, out var entry))
        {
            entry.Transaction.Cancel();
            state = entry.State;
            return true;
        }

        state = default;
        return false;
    }

    /// <summary>Removes and cancels every transaction, returning their states.</summary>
    public List<TState> CancelAll()
    {
        var states = new List<TState>(_transactions.Count);
        foreach ((StunClientTransaction transaction, TState state) in _transactions.Values)
        {
            transaction.Cancel();
            states.Add(state);
        }

        _transactions.Clear();
        return states;
    }

    /// <summary>
    /// Advances every transaction to <paramref name="now"/>: calls <paramref name="send"/> for each retransmission
    /// and <paramref name="timedOut"/> (after removing it) for each transaction that timed out.
    /// </summary>
    public void Poll<TContext>(TimeSpan now, TContext context, Action<TContext, StunClientTransaction, TState> send,
        Action<TContext, StunClientTransaction, TState> timedOut)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(timedOut);
        _due.Clear();
        foreach ((StunClientTransaction transaction, _) in _transactions.Values)
        {
            if (transaction.NextDeadline is TimeSpan deadline && deadline <= now)
            {
                _due.Add(transaction);
            }
        }

        foreach (StunClientTransaction transaction in _due)
        {
            TState state = _transactions[transaction.Id].State;
            switch (transaction.OnTimer(now))
            {
                case StunTransactionAction.Send:
                    send(context, transaction, state);
                    break;
                case StunTransactionAction.TimedOut:
                    _transactions.Remove(transaction.Id);
                    timedOut(context, transaction, state);
                    break;
            }
        }
    }
}
