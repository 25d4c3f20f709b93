using System.Net;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice;

/// <summary>Log messages of mDNS name resolution. EventIds 2705–2719 (block 2700–2719 is TURN-over-TCP and mDNS).</summary>
internal static partial class IceLog
{
    [LoggerMessage(EventId = 2705, Level = LogLevel.Debug, Message = "mDNS: query for {Name} sent to {Destination}")]
    public static partial void MdnsQuerySent(ILogger logger, string name, IPEndPoint destination);

    [LoggerMessage(EventId = 2706, Level = LogLevel.Debug, Message = "mDNS: could not send the query for {Name} to {Destination}: {Error}")]
    public static partial void MdnsSendFailed(ILogger logger, string name, IPEndPoint destination, string error);

    [LoggerMessage(EventId = 2707, Level = LogLevel.Debug, Message = "mDNS: {Name} is {Address} (TTL {Ttl} s)")]
    public static partial void MdnsAnswered(ILogger logger, string name, IPAddress address, uint ttl);

    [LoggerMessage(EventId = 2708, Level = LogLevel.Debug, Message = "mDNS: no answer for {Name} within {Timeout}")]
    public static partial void MdnsTimedOut(ILogger logger, string name, TimeSpan timeout);

    [LoggerMessage(EventId = 2709, Level = LogLevel.Debug, Message = "mDNS: malformed packet from {Remote} dropped")]
    public static partial void MdnsMalformed(ILogger logger, IPEndPoint remote);

    [LoggerMessage(EventId = 2710, Level = LogLevel.Debug, Message = "{Transport}: remote candidate {Name} resolved to {Address}")]
    public static partial void MdnsCandidateResolved(ILogger logger, string transport, string name, IPAddress address);

    [LoggerMessage(EventId = 2711, Level = LogLevel.Debug, Message = "{Transport}: remote candidate {Name} dropped: the mDNS name did not resolve")]
    public static partial void MdnsCandidateUnresolved(ILogger logger, string transport, string name);
}
