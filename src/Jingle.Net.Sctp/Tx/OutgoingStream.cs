namespace Jingle.Net.Sctp.Tx;

/// <summary>One outgoing stream: its queue of messages, sequence counters and buffered-amount bookkeeping.</summary>
internal sealed class OutgoingStream(ushort id)
{
    public ushort Id { get; } = id;

    public Queue<OutgoingMessage> Queue { get; } = new();

    public ushort NextSsn { get; set; }

    public uint NextOrderedMid { get; set; }

    public uint NextUnorderedMid { get; set; }

    /// <summary>Bytes queued but not yet cut into chunks (the data channel's bufferedAmount).</summary>
    public long BufferedAmount { get; set; }

    public long BufferedAmountLowThreshold { get; set; }

    /// <summary>True while a stream reset is pending: nothing new is scheduled.</summary>
    public bool Paused { get; set; }

    /// <summary>True while this stream sits in the scheduler's round-robin list.</summary>
    public bool Scheduled { get; set; }

    /// <summary>Messages of this stream with TSNs not yet acknowledged (a reset waits for them).</summary>
    public int InFlightMessages { get; set; }
}
