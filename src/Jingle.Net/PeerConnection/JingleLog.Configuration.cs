using Microsoft.Extensions.Logging;

namespace Jingle.Net;

/// <summary>setConfiguration (EventIds 6640–6659, this block).</summary>
internal static partial class JingleLog
{
    [LoggerMessage(EventId = 6640, Level = LogLevel.Information, Message = "PeerConnection: configuration set: {Servers} ICE servers, policy {Policy}, pool {Pool}; used from the next gathering")]
    public static partial void ConfigurationSet(ILogger logger, int servers, IceTransportPolicy policy, int pool);

    [LoggerMessage(EventId = 6641, Level = LogLevel.Debug, Message = "PeerConnection: candidate pool discarded before any description (gathered again: {Regather})")]
    public static partial void CandidatePoolDiscarded(ILogger logger, bool regather);
}
