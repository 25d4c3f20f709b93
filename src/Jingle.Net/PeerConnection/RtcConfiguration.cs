using Jingle.Net.Base.Networking;
using Jingle.Net.Configuration;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net;

/// <summary>W3C RTCConfiguration in .NET naming.</summary>
public sealed record RtcConfiguration
{
    /// <summary>STUN and TURN servers (stun:, turn:, turns: URIs with credentials).</summary>
    public IReadOnlyList<IceServer> IceServers { get; init; } = [];

    /// <summary>"all" or "relay".</summary>
    public IceTransportPolicy IceTransportPolicy { get; init; } = IceTransportPolicy.All;

    /// <summary>Only max-bundle behaviour is implemented: one transport for everything.</summary>
    public BundlePolicy BundlePolicy { get; init; } = BundlePolicy.MaxBundle;

    /// <summary>The DTLS certificate; the factory generates an ECDSA P-256 one when empty.</summary>
    public IReadOnlyList<RtcCertificate> Certificates { get; init; } = [];

    /// <summary>Which network interfaces to gather on (loopback is excluded by default, as in browsers).</summary>
    public NetworkFilter NetworkFilter { get; init; } = NetworkFilter.Default;
}
