namespace Jingle.Net.Sctp.Chunks;

/// <summary>A Gap Ack Block (RFC 9260 §3.3.4): TSNs cumTsnAck+Start .. cumTsnAck+End were received.</summary>
internal readonly record struct GapAckBlock(ushort Start, ushort End);
