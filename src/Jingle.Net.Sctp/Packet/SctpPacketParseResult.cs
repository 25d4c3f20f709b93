namespace Jingle.Net.Sctp.Packet;

/// <summary>Why a received packet was rejected before its chunks were looked at.</summary>
internal enum SctpPacketParseResult
{
    Ok,
    TooShort,
    BadChecksum,
    MalformedChunk,
}
