using System.Collections.Concurrent;

namespace Jingle.Net;

/// <summary>
/// The off-thread send path of <see cref="RtpSender.TrySendRtp"/>: a payload sent from a thread other than the
/// worker is copied into a reused <see cref="QueuedRtp"/> slot and posted to the worker with a static callback, so
/// that steady-state sending allocates nothing. Slots come from a free list and go back to it after the send; at most
/// <see cref="MaxQueuedRtp"/> exist, beyond which a send is refused and counted.
/// </summary>
internal sealed partial class RtpMediaTransport
{
    /// <summary>Packets that may wait for the worker at once.</summary>
    internal const int MaxQueuedRtp = 256;

    private const int MaxQueuedPayload = 1200;

    private readonly ConcurrentQueue<QueuedRtp> _freeSlots = new();
    private int _slotsCreated;
    private long _sendQueueFull;

    /// <summary>Off-thread sends refused because <see cref="MaxQueuedRtp"/> packets were waiting.</summary>
    public long SendQueueFull => Interlocked.Read(ref _sendQueueFull);

    /// <summary>Copies the packet into a free slot and posts it to the worker (any thread). False when it cannot be queued.</summary>
    public bool QueueRtp(RtpSender sender, ReadOnlySpan<byte> payload, uint timestamp, bool marker, int? payloadType)
    {
        if (_disposed || payload.Length > MaxQueuedPayload)
        {
            return false;
        }

        if (!_freeSlots.TryDequeue(out QueuedRtp? slot))
        {
            if (Interlocked.Increment(ref _slotsCreated) > MaxQueuedRtp)
            {
                Interlocked.Decrement(ref _slotsCreated);
                Interlocked.Increment(ref _sendQueueFull);
                JingleLog.RtpSendQueueFull(_logger, sender.Ssrc);
                return false;
            }

            slot = new QueuedRtp(this);
        }

        payload.CopyTo(slot.Payload);
        slot.Sender = sender;
        slot.Length = payload.Length;
        slot.Timestamp = timestamp;
        slot.Marker = marker;
        slot.PayloadType = payloadType ?? -1;
        if (!_worker.Post(static s => s.Transport.SendQueued(s), slot))
        {
            slot.Sender = null;
            _freeSlots.Enqueue(slot);
            return false;
        }

        return true;
    }

    private void SendQueued(QueuedRtp slot)
    {
        RtpSender? sender = slot.Sender;
        slot.Sender = null;
        sender?.SendNow(slot.Payload.AsSpan(0, slot.Length), slot.Timestamp, slot.Marker, slot.PayloadType < 0 ? null : slot.PayloadType);
        _freeSlots.Enqueue(slot);
    }

    /// <summary>One reusable off-thread send: the payload copy and the header fields.</summary>
    private sealed class QueuedRtp(RtpMediaTransport transport)
    {
        public RtpMediaTransport Transport { get; } = transport;

        public byte[] Payload { get; } = new byte[MaxQueuedPayload];

        public RtpSender? Sender { get; set; }

        public int Length { get; set; }

        public uint Timestamp { get; set; }

        public bool Marker { get; set; }

        public int PayloadType { get; set; }
    }
}
