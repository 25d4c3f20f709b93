using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jingle.Net.Base;

/// <summary>
/// What every protocol object needs from the outside world (libwebrtc's <c>Environment</c>): the clock, logging,
/// randomness, and where sockets and networks come from. It is the first constructor argument of anything that
/// needs one of these. <see cref="CreateDefault"/> gives the production choices; a test swaps in a fake clock, a
/// seeded random source and a <see cref="Virtual.VirtualNetwork"/> host.
/// </summary>
public sealed record JingleEnvironment(
    TimeProvider TimeProvider,
    ILoggerFactory LoggerFactory,
    RandomSource Random,
    IPacketSocketFactory SocketFactory,
    INetworkManager NetworkManager)
{
    /// <summary>System clock, no logging (unless given), secure randomness, real sockets and interfaces.</summary>
    public static JingleEnvironment CreateDefault(ILoggerFactory? loggerFactory = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        return new JingleEnvironment(TimeProvider.System, loggerFactory, RandomSource.Secure,
            new SocketFactory(TimeProvider.System, loggerFactory), new NetworkManager());
    }

    /// <summary>Milliseconds elapsed on <see cref="TimeProvider"/> since an arbitrary origin (for protocol clocks).</summary>
    public long NowMilliseconds => (long)TimeProvider.GetElapsedTime(0, TimeProvider.GetTimestamp()).TotalMilliseconds;

    /// <summary>Creates a logger for <typeparamref name="T"/>.</summary>
    public ILogger CreateLogger<T>() => LoggerFactory.CreateLogger<T>();
}
