using Microsoft.Extensions.Logging;

namespace Jingle.Net;

/// <summary>Rollback of a local offer that restarted ICE (EventIds 6660–6669, this block).</summary>
internal static partial class JingleLog
{
    [LoggerMessage(EventId = 6660, Level = LogLevel.Information,
        Message = "PeerConnection: rollback returns local ICE from ufrag {RolledBack} to {Restored} ({Candidates} candidates)")]
    public static partial void LocalIceRolledBack(ILogger logger, string rolledBack, string restored, int candidates);
}
