using Jingle.Net.Sctp.Parameters;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>Shared parsing of the single Heartbeat Info parameter of HEARTBEAT and HEARTBEAT ACK.</summary>
internal static class HeartbeatCodec
{
    public static bool TryParseInfo(ReadOnlySpan<byte> value, out HeartbeatInfoParameter? info)
    {
        info = null;
        var list = new List<SctpParameter>(1);
        if (!SctpParameter.TryParseAll(value, list) || list.Count != 1 || list[0] is not HeartbeatInfoParameter h)
        {
            return false;
        }

        info = h;
        return true;
    }
}
