using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice;

/// <summary>Log messages of remote ICE generations (EventIds 2720–2739).</summary>
internal static partial class IceLog
{
    [LoggerMessage(EventId = 2720, Level = LogLevel.Information,
        Message = "{Transport}: remote ICE parameters rolled back to ufrag {Ufrag} (generation {Generation}); {Dropped} newer-generation pairs dropped")]
    public static partial void RemoteGenerationRolledBack(ILogger logger, string transport, string ufrag, int generation, int dropped);
}
