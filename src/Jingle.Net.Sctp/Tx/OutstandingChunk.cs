namespace Jingle.Net.Sctp.Tx;

/// <summary>A DATA/I-DATA chunk that has a TSN and has not yet been cumulatively acknowledged.</summary>
internal struct OutstandingChunk
{
    public OutgoingMessage? Message;
    public int Offset;
    public int Length;
    public uint Fsn;
    public ushort StreamId;
    public ushort Ssn;
    public uint Mid;
    public TimeSpan SentAt;
    public long DeliveredAtSend;

    /// <summary>Order of the latest transmission (new or retransmitted), for the miss-indication rule.</summary>
    public long SendSequence;
    public ushort Transmissions;
    public byte MissIndications;
    public byte Flags;
    public OutstandingState State;
}
