namespace Jingle.Net.Stun.Transactions;

/// <summary>
/// A sans-I/O STUN client transaction (RFC 8489 §6.2.1): it holds the request bytes and, given "now", says when to
/// send and retransmit and when it has timed out. Over UDP requests go out at 0, RTO, 3 RTO, 7 RTO… (RTO doubling)
/// until Rc have been sent; the transaction fails Rm × RTO after the last. Over TCP/TLS the request is sent once and
/// fails after Ti. Time is whatever clock the owner uses (the injected TimeProvider's elapsed time).
/// </summary>
/// <remarks>
/// <code>
///   Created --Start--> Waiting --response--> Completed
///                         |  \--timer (Rc sent, Rm×RTO passed / Ti)--> TimedOut
///                         \--Cancel--> Cancelled
/// </code>
/// </remarks>
public sealed class StunClientTransaction
{
    private readonly StunRetransmissionOptions _options;
    private TimeSpan _rto;
    private TimeSpan _deadline;

    /// <summary>A transaction for <paramref name="request"/> (the encoded request; kept, not copied).</summary>
    public StunClientTransaction(StunTransactionId id, ReadOnlyMemory<byte> request, bool reliable, StunRetransmissionOptions? options = null)
    {
        Id = id;
        Request = request;
        IsReliable = reliable;
        _options = options ?? StunRetransmissionOptions.Default;
        _rto = _options.InitialRto;
    }

    /// <summary>The transaction id the response must carry.</summary>
    public StunTransactionId Id { get; }

    /// <summary>The encoded request.</summary>
    public ReadOnlyMemory<byte> Request { get; }

    /// <summary>True over TCP/TLS (no retransmissions, Ti timeout).</summary>
    public bool IsReliable { get; }

    /// <summary>The state.</summary>
    public StunTransactionState State { get; private set; }

    /// <summary>Requests sent so far.</summary>
    public int Transmissions { get; private set; }

    /// <summary>When <see cref="OnTimer"/> next has work, or null when the transaction is over.</summary>
    public TimeSpan? NextDeadline => State == StunTransactionState.Waiting ? _deadline : null;

    /// <summary>When the first request was sent.</summary>
    public TimeSpan StartedAt { get; private set; }

    /// <summary>Starts the transaction: the caller sends <see cref="Request"/> now.</summary>
    public void Start(TimeSpan now)
    {
        if (State != StunTransactionState.Created)
        {
            throw new InvalidOperationException($"Transaction {Id} was already started.");
        }

        StartedAt = now;
        State = StunTransactionState.Waiting;
        Transmissions = 1;
        _deadline = now + (IsReliable ? _options.ReliableTimeout : Transmissions >= _options.MaxTransmissions ? _rto * _options.LastWaitMultiplier : _rto);
    }

    /// <summary>Advances the clock: returns whether to retransmit now or that the transaction timed out.</summary>
    public StunTransactionAction OnTimer(TimeSpan now)
    {
        if (State != StunTransactionState.Waiting || now < _deadline)
        {
            return StunTransactionAction.None;
        }

        if (IsReliable || Transmissions >= _options.MaxTransmissions)
        {
            TransitionTo(StunTransactionState.TimedOut);
            return StunTransactionAction.TimedOut;
        }

        Transmissions++;
        TimeSpan doubled = _rto + _rto;
        _rto = doubled > _options.MaxRto ? _options.MaxRto : doubled;
        _deadline = now + (Transmissions >= _options.MaxTransmissions ? _options.InitialRto * _options.LastWaitMultiplier : _rto);
        return StunTransactionAction.Send;
    }

    /// <summary>
    /// Offers a response. Returns true when it completes this transaction (matching id, first response); a
    /// duplicate or late response returns false and changes nothing.
    /// </summary>
    public bool OnResponse(StunTransactionId id)
    {
        if (State != StunTransactionState.Waiting || id != Id)
        {
            return false;
        }

        TransitionTo(StunTransactionState.Completed);
        return true;
    }

    /// <summary>Stops the transaction; later responses are ignored.</summary>
    public void Cancel()
    {
        if (State is StunTransactionState.Created or StunTransactionState.Waiting)
        {
            TransitionTo(StunTransactionState.Cancelled);
        }
    }

    private void TransitionTo(StunTransactionState state) => State = state;
}
