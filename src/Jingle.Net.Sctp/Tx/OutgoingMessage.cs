namespace Jingle.Net.Sctp.Tx;

/// <summary>
/// A user message queued for sending: a pooled copy of the payload plus its fragmentation progress and PR-SCTP policy.
/// Instances are recycled by <see cref="SendQueue"/>; the payload buffer goes back to the pool when every fragment is
/// acknowledged or abandoned.
/// </summary>
internal sealed class OutgoingMessage
{
    public byte[] Buffer { get; private set; } = [];

    public int Length { get; private set; }

    public ushort StreamId { get; private set; }

    public uint Ppid { get; private set; }

    public bool Unordered { get; private set; }

    /// <summary>Stream Sequence Number (DATA) assigned with the first fragment.</summary>
    public ushort Ssn { get; set; }

    /// <summary>Message Identifier (I-DATA) assigned with the first fragment.</summary>
    public uint Mid { get; set; }

    /// <summary>Bytes already cut into chunks.</summary>
    public int Offset { get; set; }

    /// <summary>Fragments cut so far (the next Fragment Sequence Number for I-DATA).</summary>
    public uint FragmentCount { get; set; }

    /// <summary>Chunks that have a TSN and are neither acknowledged nor abandoned.</summary>
    public int Unacked { get; set; }

    /// <summary>-1 = fully reliable; otherwise the most retransmissions of any fragment (RFC 3758 limited retransmission).</summary>
    public int MaxRetransmits { get; private set; }

    /// <summary>When the message is abandoned (RFC 3758 timed reliability); MaxValue = never.</summary>
    public TimeSpan ExpiresAt { get; private set; }

    public bool Abandoned { get; set; }

    public bool FullyFragmented => Offset >= Length;

    public bool IsPartiallyReliable => MaxRetransmits >= 0 || ExpiresAt != TimeSpan.MaxValue;

    public void Initialize(Internal.BufferPool pool, ushort streamId, uint ppid, bool unordered, ReadOnlySpan<byte> payload, int maxRetransmits, TimeSpan expiresAt)
    {
        Buffer = pool.Rent(payload.Length);
        payload.CopyTo(Buffer);
        Length = payload.Length;
        StreamId = streamId;
        Ppid = ppid;
        Unordered = unordered;
        MaxRetransmits = maxRetransmits;
        ExpiresAt = expiresAt;
        Offset = 0;
        FragmentCount = 0;
        Unacked = 0;
        Ssn = 0;
        Mid = 0;
        Abandoned = false;
    }

    /// <summary>Returns the payload buffer to the pool.</summary>
    public void ReleaseBuffer(Internal.BufferPool pool)
    {
        if (Buffer.Length != 0)
        {
            pool.Return(Buffer);
            Buffer = [];
        }
    }
}
