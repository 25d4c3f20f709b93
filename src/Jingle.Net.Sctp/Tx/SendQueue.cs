namespace Jingle.Net.Sctp.Tx;

/// <summary>
/// Per-stream queues of outgoing messages and the scheduler that cuts them into chunk-sized fragments, round robin
/// between streams at message boundaries (DATA fragments of one message must have consecutive TSNs, RFC 9260 §6.9).
/// Allocation-free in steady state: messages and streams are recycled.
/// </summary>
internal sealed class SendQueue(Internal.BufferPool pool)
{
    private readonly Dictionary<ushort, OutgoingStream> _streams = [];
    private readonly Queue<OutgoingStream> _roundRobin = new();
    private readonly Stack<OutgoingMessage> _pool = new();
    private OutgoingMessage? _current;
    private OutgoingStream? _currentStream;

    /// <summary>Bytes queued and not yet cut into chunks, all streams.</summary>
    public long TotalBufferedAmount { get; private set; }

    /// <summary>Raised with a stream id when its buffered amount falls to or below its threshold.</summary>
    public Action<ushort>? BufferedAmountLow { get; set; }

    public bool HasDataToSend => _current is not null || _roundRobin.Count > 0;

    public OutgoingStream GetOrCreateStream(ushort id)
    {
        if (!_streams.TryGetValue(id, out OutgoingStream? stream))
        {
            stream = new OutgoingStream(id);
            _streams.Add(id, stream);
        }

        return stream;
    }

    public OutgoingStream? FindStream(ushort id) => _streams.GetValueOrDefault(id);

    public void Enqueue(ushort streamId, uint ppid, bool unordered, ReadOnlySpan<byte> payload, int maxRetransmits, TimeSpan expiresAt)
    {
        OutgoingMessage message = _pool.Count > 0 ? _pool.Pop() : new OutgoingMessage();
        message.Initialize(pool, streamId, ppid, unordered, payload, maxRetransmits, expiresAt);
        OutgoingStream stream = GetOrCreateStream(streamId);
        stream.Queue.Enqueue(message);
        stream.BufferedAmount += payload.Length;
        TotalBufferedAmount += payload.Length;
        Schedule(stream);
    }

    private void Schedule(OutgoingStream stream)
    {
        if (!stream.Scheduled && !stream.Paused && stream.Queue.Count > 0 && stream != _currentStream)
        {
            stream.Scheduled = true;
            _roundRobin.Enqueue(stream);
        }
    }

    /// <summary>
    /// Cuts the next fragment of at most <paramref name="maxPayload"/> bytes. The caller assigns the TSN. Messages
    /// that expired before any fragment was sent are dropped here without using a TSN. A message that would fit whole
    /// in an empty packet (<paramref name="fullPayload"/>) is not split to fill the rest of this one.
    /// </summary>
    public bool TryNextFragment(int maxPayload, int fullPayload, TimeSpan now, bool interleaving, out OutgoingMessage message, out int offset, out int length)
    {
        message = null!;
        offset = length = 0;
        while (_current is null)
        {
            if (_roundRobin.Count == 0)
            {
                return false;
            }

            OutgoingStream stream = _roundRobin.Dequeue();
            stream.Scheduled = false;
            if (stream.Paused || stream.Queue.Count == 0)
            {
                continue;
            }

            OutgoingMessage candidate = stream.Queue.Dequeue();
            if (candidate.ExpiresAt <= now)
            {
                Discard(stream, candidate);
                Schedule(stream);
                continue;
            }

            if (candidate.Unordered)
            {
                candidate.Ssn = 0;
                candidate.Mid = stream.NextUnorderedMid++;
            }
            else
            {
                candidate.Ssn = stream.NextSsn++;
                candidate.Mid = stream.NextOrderedMid++;
            }

            stream.InFlightMessages++;
            _current = candidate;
            _currentStream = stream;
        }

        message = _current;
        OutgoingStream current = _currentStream!;
        offset = message.Offset;
        int remaining = message.Length - offset;
        if (offset == 0 && remaining > maxPayload && remaining <= fullPayload)
        {
            return false;
        }

        length = Math.Min(maxPayload, message.Length - offset);
        message.Offset += length;
        message.FragmentCount++;
        message.Unacked++;
        current.BufferedAmount -= length;
        TotalBufferedAmount -= length;
        if (message.FullyFragmented || interleaving)
        {
            if (message.FullyFragmented)
            {
                _current = null;
                _currentStream = null;
            }

            Schedule(current);
        }

        CheckLow(current, length);
        return true;
    }

    private void CheckLow(OutgoingStream stream, int justRemoved)
    {
        if (stream.BufferedAmount <= stream.BufferedAmountLowThreshold && stream.BufferedAmount + justRemoved > stream.BufferedAmountLowThreshold)
        {
            BufferedAmountLow?.Invoke(stream.Id);
        }
    }

    private void Discard(OutgoingStream stream, OutgoingMessage message)
    {
        int remaining = message.Length - message.Offset;
        stream.BufferedAmount -= remaining;
        TotalBufferedAmount -= remaining;
        CheckLow(stream, remaining);
        message.ReleaseBuffer(pool);
        _pool.Push(message);
    }

    /// <summary>
    /// PR-SCTP: the message was abandoned after some fragments got TSNs; drop what was not yet cut. Returns true if it
    /// was the message being fragmented.
    /// </summary>
    public bool AbandonCurrentIfSame(OutgoingMessage message)
    {
        if (_current != message)
        {
            return false;
        }

        int remaining = message.Length - message.Offset;
        OutgoingStream stream = _currentStream!;
        stream.BufferedAmount -= remaining;
        TotalBufferedAmount -= remaining;
        message.Offset = message.Length;
        _current = null;
        _currentStream = null;
        Schedule(stream);
        CheckLow(stream, remaining);
        return true;
    }

    /// <summary>Called when a message has no more unacknowledged chunks and is fully fragmented (or abandoned).</summary>
    public void Recycle(OutgoingMessage message)
    {
        if (_current == message)
        {
            return;
        }

        if (_streams.TryGetValue(message.StreamId, out OutgoingStream? stream))
        {
            stream.InFlightMessages--;
        }

        message.ReleaseBuffer(pool);
        _pool.Push(message);
    }

    public void Pause(ushort streamId) => GetOrCreateStream(streamId).Paused = true;

    /// <summary>RFC 6525: an outgoing stream reset was performed; sequence numbers restart at 0.</summary>
    public void ResetAndResume(ushort streamId)
    {
        OutgoingStream stream = GetOrCreateStream(streamId);
        stream.NextSsn = 0;
        stream.NextOrderedMid = 0;
        stream.NextUnorderedMid = 0;
        stream.Paused = false;
        Schedule(stream);
    }

    public void Resume(ushort streamId)
    {
        OutgoingStream stream = GetOrCreateStream(streamId);
        stream.Paused = false;
        Schedule(stream);
    }

    /// <summary>True when every message of the stream has been cut into chunks (all have TSNs).</summary>
    public bool IsStreamDrained(ushort streamId)
    {
        OutgoingStream? stream = FindStream(streamId);
        return stream is null || (stream.Queue.Count == 0 && _currentStream != stream);
    }

    /// <summary>Drops everything (association closed or restarted).</summary>
    public void Clear()
    {
        foreach (OutgoingStream stream in _streams.Values)
        {
            while (stream.Queue.Count > 0)
            {
                stream.Queue.Dequeue().ReleaseBuffer(pool);
            }
        }

        _current?.ReleaseBuffer(pool);
        _current = null;
        _currentStream = null;
        _streams.Clear();
        _roundRobin.Clear();
        TotalBufferedAmount = 0;
    }
}
