using System.Net;
using Jingle.Net.Ice.Candidates;

namespace Jingle.Net.Ice.Ports;

/// <summary>What a <see cref="Port"/> reports to its owner (the P2PTransportChannel), on the owner's thread.</summary>
internal interface IPortListener
{
    void OnCandidateReady(Port port, IceCandidate candidate);

    /// <summary>The port finished gathering (successfully or not).</summary>
    void OnPortComplete(Port port);

    /// <summary>A datagram arrived from <paramref name="remote"/> that is not the port's own gathering traffic.</summary>
    void OnReadPacket(Port port, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp);

    /// <summary>
    /// A connection-oriented port lost its path to <paramref name="remote"/> (RFC 6544: the TCP connection was refused,
    /// closed or broke); the pair using it fails.
    /// </summary>
    void OnRemoteClosed(Port port, IPEndPoint remote, string reason);
}
