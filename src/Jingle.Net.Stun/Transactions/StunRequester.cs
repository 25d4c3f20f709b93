using Microsoft.Extensions.Logging;

namespace Jingle.Net.Stun.Transactions;

/// <summary>
/// The thin driver that runs client transactions for one socket: it sends through a callback, matches incoming
/// responses by transaction id (<see cref="StunTransactionTable{TState}"/>), and keeps one timer on the injected
/// clock for retransmissions and timeouts. Thread-safe: packets, timers and callers may arrive on any thread.
/// </summary>
/// <remarks>
/// Response validation (RFC 8489 §9.2.5, §7.3): a matched response with a FINGERPRINT that does not verify is
/// discarded, and so is one that the request's <see cref="StunResponseValidator"/> rejects. Over UDP a discarded
/// response is as if never received: the transaction keeps retransmitting and the genuine response still completes
/// it; if it then times out having discarded responses, it fails with <see cref="StunIntegrityViolationException"/>.
/// Over TCP/TLS a response the validator rejects ends the transaction with that exception at once (a bad FINGERPRINT
/// is only dropped). Tasks complete synchronously on the thread that delivered the response or ran the timer (never
/// under the requester's lock), so a client driven by a fake clock and in-memory sockets runs deterministically.
/// </remarks>
public sealed class StunRequester : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Func<ReadOnlyMemory<byte>, System.Net.IPEndPoint?, bool> _send;
    private readonly StunRetransmissionOptions _options;
    private readonly ILogger? _logger;
    private readonly StunTransactionTable<Pending> _table = new();
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private readonly long _origin;
    private bool _disposed;
    private long _discarded;

    /// <summary>Creates a requester that sends with <paramref name="send"/> (reliable = TCP/TLS).</summary>
    public StunRequester(TimeProvider time, bool reliable, Func<ReadOnlyMemory<byte>, bool> send,
        StunRetransmissionOptions? options = null, ILogger? logger = null)
        : this(time, reliable, WrapSend(send), options, logger)
    {
    }

    /// <summary>Creates a requester whose sends say where each request goes (UDP to several server addresses).</summary>
    public StunRequester(TimeProvider time, bool reliable, Func<ReadOnlyMemory<byte>, System.Net.IPEndPoint?, bool> send,
        StunRetransmissionOptions? options = null, ILogger? logger = null)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _send = send ?? throw new ArgumentNullException(nameof(send));
        IsReliable = reliable;
        _options = options ?? StunRetransmissionOptions.Default;
        _logger = logger;
        _origin = time.GetTimestamp();
        _timer = time.CreateTimer(static s => ((StunRequester)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>True over TCP/TLS.</summary>
    public bool IsReliable { get; }

    /// <summary>Transactions in flight.</summary>
    public int PendingCount
    {
        get { lock (_lock) { return _table.Count; } }
    }

    /// <summary>Responses that matched nothing (duplicates and strays), ignored.</summary>
    public long UnmatchedResponses
    {
        get { lock (_lock) { return _table.UnmatchedResponses; } }
    }

    /// <summary>Responses that matched a transaction but were discarded (bad FINGERPRINT or rejected by the validator).</summary>
    public long DiscardedResponses => Interlocked.Read(ref _discarded);

    private static Func<ReadOnlyMemory<byte>, System.Net.IPEndPoint?, bool> WrapSend(Func<ReadOnlyMemory<byte>, bool> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        return (bytes, _) => send(bytes);
    }

    private TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>Sends <paramref name="request"/> (already encoded) and completes with its response.</summary>
    public Task<StunResponse> SendAsync(StunTransactionId id, ReadOnlyMemory<byte> request, CancellationToken cancellationToken = default) =>
        SendAsync(id, request, null, cancellationToken);

    /// <summary>Sends <paramref name="request"/> to <paramref name="destination"/> and completes with its response.</summary>
    public Task<StunResponse> SendAsync(StunTransactionId id, ReadOnlyMemory<byte> request, System.Net.IPEndPoint? destination,
        CancellationToken cancellationToken = default) =>
        SendAsync(id, request, destination, null, cancellationToken);

    /// <summary>
    /// Sends <paramref name="request"/> to <paramref name="destination"/> (null: the default) and completes with the
    /// first response that <paramref name="validator"/> accepts (null: any response with a sound FINGERPRINT).
    /// </summary>
    public Task<StunResponse> SendAsync(StunTransactionId id, ReadOnlyMemory<byte> request, System.Net.IPEndPoint? destination,
        StunResponseValidator? validator, CancellationToken cancellationToken = default)
    {
        // Continuations run synchronously: every TrySet* below happens outside _lock, so they cannot re-enter it.
        var completion = new TaskCompletionSource<StunResponse>();
        var transaction = new StunClientTransaction(id, request, IsReliable, _options);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _table.Start(transaction, new Pending(completion, destination, validator), Now);
            Reschedule();
        }

        if (cancellationToken.CanBeCanceled)
        {
            CancellationTokenRegistration registration = cancellationToken.Register(() =>
            {
                bool removed;
                lock (_lock)
                {
                    removed = _table.Cancel(id, out _);
                }

                if (removed)
                {
                    completion.TrySetCanceled(cancellationToken);
                }
            });
            completion.Task.ContinueWith(static (_, r) => ((CancellationTokenRegistration)r!).Dispose(), registration, CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _send(request, destination);
        return completion.Task;
    }

    /// <summary>
    /// Offers a received packet. Returns true when it was a STUN response (matched or a duplicate); false when it
    /// is something else for the caller to handle (requests, indications, ChannelData, garbage).
    /// </summary>
    public bool HandleIncoming(ReadOnlySpan<byte> packet)
    {
        if (!StunMessageReader.TryParse(packet, out StunMessageReader reader, out _) || !reader.Type.IsResponse)
        {
            return false;
        }

        StunTransactionId id = reader.TransactionId;
        StunClientTransaction? transaction;
        Pending? pending;
        lock (_lock)
        {
            if (!_table.TryGetWaiting(id, out _, out pending))
            {
                _table.TryCompleteResponse(id, out _, out _); // counts it as unmatched
                return true;
            }
        }

        if (reader.HasFingerprint && !reader.ValidateFingerprint())
        {
            Discard(id, pending!, "bad FINGERPRINT", endReliable: false);
            return true;
        }

        if (pending!.Validator is { } validator && !validator(reader))
        {
            Discard(id, pending, "failed validation (MESSAGE-INTEGRITY)", endReliable: true);
            return true;
        }

        TimeSpan now;
        lock (_lock)
        {
            now = Now;
            if (!_table.TryCompleteResponse(id, out transaction, out pending))
            {
                return true;
            }

            Reschedule();
        }

        TaskCompletionSource<StunResponse> completion = pending!.Completion;

        if (StunMessage.TryCreate(reader, out StunMessage? message, out StunParseError error))
        {
            completion.TrySetResult(new StunResponse(message, packet.ToArray(), now - transaction!.StartedAt, transaction.Transmissions));
        }
        else
        {
            completion.TrySetException(new StunParseException(error));
        }

        return true;
    }

    private void Discard(StunTransactionId id, Pending pending, string reason, bool endReliable)
    {
        Interlocked.Increment(ref _discarded);
        Interlocked.Increment(ref pending.Discarded);
        if (_logger is not null)
        {
            StunLog.ResponseDiscarded(_logger, id, reason);
        }

        if (!endReliable || !IsReliable)
        {
            return;
        }

        bool removed;
        lock (_lock)
        {
            removed = _table.Cancel(id, out _);
            Reschedule();
        }

        if (removed)
        {
            pending.Completion.TrySetException(new StunIntegrityViolationException(
                $"STUN transaction {id}: the response {reason}; it is not trusted."));
        }
    }

    private void OnTimer()
    {
        List<(StunClientTransaction Transaction, Pending Pending, bool TimedOut)> work = [];
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _table.Poll(Now, work,
                static (w, t, c) => w.Add((t, c, false)),
                static (w, t, c) => w.Add((t, c, true)));
            Reschedule();
        }

        foreach ((StunClientTransaction transaction, Pending pending, bool timedOut) in work)
        {
            TaskCompletionSource<StunResponse> completion = pending.Completion;
            if (timedOut)
            {
                if (_logger is not null)
                {
                    StunLog.TransactionTimedOut(_logger, transaction.Id, transaction.Transmissions);
                }

                long discarded = Interlocked.Read(ref pending.Discarded);
                completion.TrySetException(discarded > 0
                    ? new StunIntegrityViolationException($"STUN transaction {transaction.Id} timed out; all {discarded} response(s) received failed validation.")
                    : new TimeoutException($"STUN transaction {transaction.Id} got no response after {transaction.Transmissions} transmission(s)."));
            }
            else
            {
                _send(transaction.Request, pending.Destination);
            }
        }
    }

    private void Reschedule()
    {
        TimeSpan? next = _table.NextDeadline;
        if (next is null)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        TimeSpan delay = next.Value - Now;
        _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Fails every pending transaction with <see cref="ObjectDisposedException"/> and stops the timer.</summary>
    public void Dispose()
    {
        List<Pending> pending;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = _table.CancelAll();
        }

        _timer.Dispose();
        foreach (Pending item in pending)
        {
            item.Completion.TrySetException(new ObjectDisposedException(nameof(StunRequester)));
        }
    }

    private sealed class Pending(TaskCompletionSource<StunResponse> completion, System.Net.IPEndPoint? destination, StunResponseValidator? validator)
    {
        public long Discarded;

        public TaskCompletionSource<StunResponse> Completion { get; } = completion;

        public System.Net.IPEndPoint? Destination { get; } = destination;

        public StunResponseValidator? Validator { get; } = validator;
    }
}
