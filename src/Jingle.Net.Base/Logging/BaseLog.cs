using Microsoft.Extensions.Logging;

namespace Jingle.Net.Base;

/// <summary>Log messages of Jingle.Net.Base. EventIds 1–999 belong to this assembly.</summary>
internal static partial class BaseLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Work posted to RtcThread '{ThreadName}' threw")]
    public static partial void UnhandledWorkException(ILogger logger, string threadName, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "UDP socket bound to {LocalEndPoint}")]
    public static partial void UdpBound(ILogger logger, System.Net.IPEndPoint localEndPoint);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "UDP socket {LocalEndPoint} receive failed: {Error}")]
    public static partial void UdpReceiveError(ILogger logger, System.Net.IPEndPoint localEndPoint, string error);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "UDP socket {LocalEndPoint} send to {Remote} failed: {Error}")]
    public static partial void UdpSendError(ILogger logger, System.Net.IPEndPoint localEndPoint, System.Net.IPEndPoint remote, string error);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "UDP socket {LocalEndPoint} packet handler threw")]
    public static partial void UdpHandlerException(ILogger logger, System.Net.IPEndPoint localEndPoint, Exception exception);

    [LoggerMessage(EventId = 14, Level = LogLevel.Debug, Message = "Socket buffer for {LocalEndPoint}: receive {Receive} B, send {Send} B")]
    public static partial void SocketBuffers(ILogger logger, System.Net.IPEndPoint localEndPoint, int receive, int send);

    [LoggerMessage(EventId = 120, Level = LogLevel.Debug, Message = "UDP socket {LocalEndPoint} batches sends on its delivery thread with {Mode}")]
    public static partial void UdpSendBatching(ILogger logger, System.Net.IPEndPoint localEndPoint, string mode);

    [LoggerMessage(EventId = 124, Level = LogLevel.Information, Message = "RtcThread {Name} cannot poll sockets itself ({Error}); their receives complete through the .NET socket engine")]
    public static partial void IoPollerUnavailable(ILogger logger, string name, string error);

    [LoggerMessage(EventId = 125, Level = LogLevel.Debug, Message = "UDP socket {LocalEndPoint} is polled by RtcThread {Name}")]
    public static partial void UdpPolledByThread(ILogger logger, System.Net.IPEndPoint localEndPoint, string name);

    [LoggerMessage(EventId = 121, Level = LogLevel.Information, Message = "UDP socket {LocalEndPoint}: the kernel refused UDP GSO ({Error}); send batches go by sendmmsg from now on")]
    public static partial void UdpSegmentationRefused(ILogger logger, System.Net.IPEndPoint localEndPoint, string error);

    [LoggerMessage(EventId = 122, Level = LogLevel.Debug, Message = "UDP socket {LocalEndPoint} send of {Count} batched datagrams to {Remote} failed: {Error}")]
    public static partial void UdpSendBatchError(ILogger logger, System.Net.IPEndPoint localEndPoint, int count, System.Net.IPEndPoint remote, string error);

    [LoggerMessage(EventId = 123, Level = LogLevel.Debug, Message = "UDP socket {LocalEndPoint} receive offload (UDP_GRO): {State}")]
    public static partial void UdpReceiveOffload(ILogger logger, System.Net.IPEndPoint localEndPoint, string state);

    [LoggerMessage(EventId = 100, Level = LogLevel.Trace, Message = "vnet {Kind} {Source} -> {Destination} {Length} B {Reason}")]
    public static partial void VirtualPacket(ILogger logger, Virtual.VirtualPacketEventKind kind, System.Net.IPEndPoint source, System.Net.IPEndPoint destination, int length, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "NAT {Router} {Protocol} mapping {Internal} -> {External} (first destination {Destination})")]
    public static partial void NatMappingCreated(ILogger logger, string router, string protocol, System.Net.IPEndPoint @internal, System.Net.IPEndPoint external, System.Net.IPEndPoint destination);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Virtual UDP socket {LocalEndPoint} packet handler threw")]
    public static partial void VirtualUdpHandlerException(ILogger logger, System.Net.IPEndPoint localEndPoint, Exception exception);
}
