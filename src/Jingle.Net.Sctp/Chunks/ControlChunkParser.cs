namespace Jingle.Net.Sctp.Chunks;

/// <summary>Parses any control chunk by type (DATA, I-DATA and SACK have their own ref-struct codecs).</summary>
internal static class ControlChunkParser
{
    public static bool TryParse(ChunkType type, byte flags, ReadOnlySpan<byte> value, out SctpChunk? chunk)
    {
        chunk = null;
        bool ok;
        switch (type)
        {
            case ChunkType.Init:
                ok = InitChunk.TryParse(value, out InitChunk? init);
                chunk = init;
                return ok;
            case ChunkType.InitAck:
                ok = InitAckChunk.TryParse(value, out InitAckChunk? initAck);
                chunk = initAck;
                return ok;
            case ChunkType.Heartbeat:
                ok = HeartbeatRequestChunk.TryParse(value, out HeartbeatRequestChunk? hb);
                chunk = hb;
                return ok;
            case ChunkType.HeartbeatAck:
                ok = HeartbeatAckChunk.TryParse(value, out HeartbeatAckChunk? hba);
                chunk = hba;
                return ok;
            case ChunkType.Abort:
                ok = AbortChunk.TryParse(flags, value, out AbortChunk? abort);
                chunk = abort;
                return ok;
            case ChunkType.Shutdown:
                ok = ShutdownChunk.TryParse(value, out ShutdownChunk? shutdown);
                chunk = shutdown;
                return ok;
            case ChunkType.ShutdownAck:
                ok = ShutdownAckChunk.TryParse(value, out ShutdownAckChunk? shutdownAck);
                chunk = shutdownAck;
                return ok;
            case ChunkType.Error:
                ok = ErrorChunk.TryParse(value, out ErrorChunk? error);
                chunk = error;
                return ok;
            case ChunkType.CookieEcho:
                ok = CookieEchoChunk.TryParse(value, out CookieEchoChunk? echo);
                chunk = echo;
                return ok;
            case ChunkType.CookieAck:
                ok = CookieAckChunk.TryParse(value, out CookieAckChunk? cookieAck);
                chunk = cookieAck;
                return ok;
            case ChunkType.ShutdownComplete:
                ok = ShutdownCompleteChunk.TryParse(flags, value, out ShutdownCompleteChunk? complete);
                chunk = complete;
                return ok;
            case ChunkType.ForwardTsn:
                ok = ForwardTsnChunk.TryParse(value, out ForwardTsnChunk? forward);
                chunk = forward;
                return ok;
            case ChunkType.IForwardTsn:
                ok = IForwardTsnChunk.TryParse(value, out IForwardTsnChunk? iforward);
                chunk = iforward;
                return ok;
            case ChunkType.ReConfig:
                ok = ReConfigChunk.TryParse(value, out ReConfigChunk? reconfig);
                chunk = reconfig;
                return ok;
            default:
                return false;
        }
    }
}
