using System.Net;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice;

/// <summary>
/// Log messages of Jingle.Net.Ice. EventIds 2000–2799 are the ICE core's; 2800–2999 belong to the DTLS part
/// (Dtls/IceLog.Dtls.cs). The connectivity-check lines keep libjingle's shape (<c>Conn[...]: sendstun</c>) so a
/// verbose log reads like libjingle's. Passwords and payloads are never logged.
/// </summary>
internal static partial class IceLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "{Connection}: sendstun")]
    public static partial void SendStun(ILogger logger, object connection);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "{Connection}: [r]{State}")]
    public static partial void ReadStateChanged(ILogger logger, object connection, string state);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "{Connection}: got valid STUN response")]
    public static partial void GotValidResponse(ILogger logger, object connection);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "{Connection}: [w]{State}")]
    public static partial void WriteStateChanged(ILogger logger, object connection, string state);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "{Port}: got request, send response")]
    public static partial void GotRequest(ILogger logger, object port);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "{Port}: Received STUN response with bad username")]
    public static partial void BadUsernameResponse(ILogger logger, object port);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "{Connection}: sendstun with USE-CANDIDATE")]
    public static partial void SendStunNominate(ILogger logger, object connection);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "{Connection}: nominated")]
    public static partial void Nominated(ILogger logger, object connection);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Debug, Message = "{Connection}: failed ({Reason})")]
    public static partial void ConnectionFailed(ILogger logger, object connection, string reason);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Debug, Message = "{Connection}: [s]{State}")]
    public static partial void StateChanged(ILogger logger, object connection, string state);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "{Transport}: selected {Connection} ({Reason})")]
    public static partial void SelectedPairChanged(ILogger logger, string transport, object? connection, string reason);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "{Transport}: ICE state {Old} -> {New}")]
    public static partial void TransportStateChanged(ILogger logger, string transport, IceTransportState old, IceTransportState @new);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Information, Message = "{Transport}: role conflict, switching to {Role}")]
    public static partial void RoleSwitched(ILogger logger, string transport, IceRole role);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Information, Message = "{Transport}: consent lost on {Connection}")]
    public static partial void ConsentLost(ILogger logger, string transport, object connection);

    [LoggerMessage(EventId = 2024, Level = LogLevel.Information, Message = "{Transport}: ICE restart, local ufrag {Ufrag} generation {Generation}")]
    public static partial void IceRestart(ILogger logger, string transport, string ufrag, int generation);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Debug, Message = "{Port}: candidate gathered {Candidate}")]
    public static partial void CandidateGathered(ILogger logger, object port, string candidate);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Debug, Message = "{Transport}: gathering {State}")]
    public static partial void GatheringStateChanged(ILogger logger, string transport, IceGatheringState state);

    [LoggerMessage(EventId = 2032, Level = LogLevel.Warning, Message = "{Port}: STUN server {Server} did not answer")]
    public static partial void StunServerTimeout(ILogger logger, object port, IPEndPoint server);

    [LoggerMessage(EventId = 2033, Level = LogLevel.Warning, Message = "{Port}: could not bind on {Address}: {Error}")]
    public static partial void BindFailed(ILogger logger, object port, IPAddress address, string error);

    [LoggerMessage(EventId = 2034, Level = LogLevel.Debug, Message = "{Transport}: remote candidate {Candidate} ignored ({Reason})")]
    public static partial void RemoteCandidateIgnored(ILogger logger, string transport, string candidate, string reason);

    [LoggerMessage(EventId = 2040, Level = LogLevel.Debug, Message = "{Port}: dropped STUN from {Remote}: {Reason}")]
    public static partial void StunDropped(ILogger logger, object port, IPEndPoint remote, string reason);

    [LoggerMessage(EventId = 2041, Level = LogLevel.Debug, Message = "{Port}: answered {Code} to a check from {Remote}: {Reason}")]
    public static partial void StunRejected(ILogger logger, object port, IPEndPoint remote, int code, string reason);

    [LoggerMessage(EventId = 2050, Level = LogLevel.Warning, Message = "{Port}: TURN allocation on {Server} failed: {Error}")]
    public static partial void TurnAllocationFailed(ILogger logger, object port, string server, string error);

    [LoggerMessage(EventId = 2051, Level = LogLevel.Debug, Message = "{Port}: channel {Channel} bound to {Peer}")]
    public static partial void TurnChannelBound(ILogger logger, object port, int channel, IPEndPoint peer);

    [LoggerMessage(EventId = 2052, Level = LogLevel.Information, Message = "{Port}: ChannelBind {Channel} to {Peer} failed ({Code}); relaying with Send indications")]
    public static partial void TurnChannelBindFailed(ILogger logger, object port, int channel, IPEndPoint peer, int code);
}
