using System.Collections.Concurrent;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The bounded hand-over of decrypted records to the owner's thread: many producers (the DTLS thread, a receiving
/// thread), one consumer (the owner). Over <see cref="Capacity"/> a record is dropped, counted, and its buffer goes
/// straight back to the free list. Decision: drop rather than block the producer — blocking the DTLS thread only
/// moves the drop to its receive queue, and a full queue means the owner is behind, which SCTP's congestion control
/// answers to (it sees the loss and retransmits).
/// </summary>
internal sealed class DtlsRecordDeliveryQueue(int capacity, ConcurrentQueue<byte[]> freeBuffers)
{
    private readonly ConcurrentQueue<(byte[] Buffer, int Length)> _queue = new();
    private int _count;
    private long _dropped;

    /// <summary>Records held at most.</summary>
    public int Capacity => capacity;

    /// <summary>Records dropped because the queue was full.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Queues a record; false (dropped and counted, buffer recycled) when <see cref="Capacity"/> is reached.</summary>
    public bool Enqueue((byte[] Buffer, int Length) item)
    {
        if (Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            Interlocked.Increment(ref _dropped);
            freeBuffers.Enqueue(item.Buffer);
            return false;
        }

        _queue.Enqueue(item);
        return true;
    }

    /// <summary>Takes the oldest record.</summary>
    public bool TryDequeue(out (byte[] Buffer, int Length) item)
    {
        if (!_queue.TryDequeue(out item))
        {
            return false;
        }

        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>Forgets everything queued.</summary>
    public void Clear()
    {
        while (TryDequeue(out _))
        {
        }
    }
}
