using Jingle.Net.Base;
using Jingle.Net.Base.Threading;

namespace Jingle.Net;

/// <summary>What a <see cref="PeerConnectionFactory"/> is built from; everything is optional.</summary>
public sealed record PeerConnectionFactoryOptions
{
    /// <summary>Clock, logging, randomness and sockets. Default: <see cref="JingleEnvironment.CreateDefault"/>.</summary>
    public JingleEnvironment? Environment { get; init; }

    /// <summary>The host's signaling thread; the factory creates (and owns) one when null.</summary>
    public RtcThread? SignalingThread { get; init; }

    /// <summary>The host's worker thread (ICE, DTLS, SCTP); the factory creates (and owns) one when null.</summary>
    public RtcThread? WorkerThread { get; init; }
}
