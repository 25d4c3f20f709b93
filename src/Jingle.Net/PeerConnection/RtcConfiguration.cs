using Jingle.Net.Base.Networking;
using Jingle.Net.Configuration;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net;

/// <summary>W3C RTCConfiguration in .NET naming.</summary>
public sealed record RtcConfiguration
{
    /// <summary>
    /// STUN and TURN servers (stun:, turn:, turns: URIs with credentials). Changed later with
    /// <see cref="PeerConnection.SetConfiguration"/>, they serve the next gathering (an ICE restart).
    /// </summary>
    public IReadOnlyList<IceServer> IceServers { get; init; } = [];

    /// <summary>"all" or "relay".</summary>
    public IceTransportPolicy IceTransportPolicy { get; init; } = IceTransportPolicy.All;

    /// <summary>Only max-bundle behaviour is implemented: one transport for everything.</summary>
    public BundlePolicy BundlePolicy { get; init; } = BundlePolicy.MaxBundle;

    /// <summary>Only "require" (RTP and RTCP on one transport); see <see cref="Jingle.Net.RtcpMuxPolicy"/>.</summary>
    public RtcpMuxPolicy RtcpMuxPolicy { get; init; } = RtcpMuxPolicy.Require;

    /// <summary>
    /// W3C iceCandidatePoolSize (0–255): above 0 the connection starts gathering when it is created, before any
    /// setLocalDescription, so the first offer or answer already carries candidates. Candidates are gathered once
    /// for the one BUNDLE transport whatever the size.
    /// </summary>
    public int IceCandidatePoolSize { get; init; }

    /// <summary>
    /// Certificate check for <c>turns:</c> servers (TURN over TLS) replacing the system's, for example to pin a
    /// private server's self-signed certificate; null = the system's validation against the URI's host.
    /// </summary>
    public System.Net.Security.RemoteCertificateValidationCallback? TurnsCertificateValidation { get; init; }

    /// <summary>The DTLS certificate; the factory generates an ECDSA P-256 one when empty.</summary>
    public IReadOnlyList<RtcCertificate> Certificates { get; init; } = [];

    /// <summary>Which network interfaces to gather on (loopback is excluded by default, as in browsers).</summary>
    public NetworkFilter NetworkFilter { get; init; } = NetworkFilter.Default;
}
