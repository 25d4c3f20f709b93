namespace Jingle.Net.Sctp.Chunks;

/// <summary>SCTP chunk types (RFC 9260 §3.2, RFC 3758, RFC 6525, RFC 8260).</summary>
internal enum ChunkType : byte
{
    Data = 0,
    Init = 1,
    InitAck = 2,
    Sack = 3,
    Heartbeat = 4,
    HeartbeatAck = 5,
    Abort = 6,
    Shutdown = 7,
    ShutdownAck = 8,
    Error = 9,
    CookieEcho = 10,
    CookieAck = 11,
    ShutdownComplete = 14,
    IData = 64,
    ReConfig = 130,
    ForwardTsn = 192,
    IForwardTsn = 194,
}
