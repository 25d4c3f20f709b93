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
    public TimeSpan SentAt;
    public ushort Transmissions;
    public byte MissIndications;
    public byte Flags;
    public OutstandingState State;
}
