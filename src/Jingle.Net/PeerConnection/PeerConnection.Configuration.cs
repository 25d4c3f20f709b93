using Jingle.Net.Configuration;
using Jingle.Net.Ice;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Jsep;

namespace Jingle.Net;

/// <summary>
/// W3C getConfiguration / setConfiguration (webrtc-pc §4.4.1.6 "set a configuration", RFC 9429 §4.1.18): the errors
/// are decided at the call, synchronously, as the W3C method throws them; the new STUN/TURN servers, transport policy
/// and network filter then reach the ICE agent for its next gathering (an ICE restart), and the candidate pool is
/// started or re-gathered while no description has used it yet.
/// </summary>
public sealed partial class PeerConnection
{
    private readonly Lock _configurationLock = new();
    private RtcConfiguration _configuration;

    /// <summary>
    /// The current configuration: the one given at creation (with the generated certificate when none was given),
    /// then the last one <see cref="SetConfiguration"/> accepted. Same as <see cref="GetConfiguration"/>.
    /// </summary>
    public RtcConfiguration Configuration
    {
        get
        {
            lock (_configurationLock)
            {
                return _configuration;
            }
        }
    }

    /// <summary>
    /// W3C getConfiguration: the current configuration. <see cref="RtcConfiguration.Certificates"/> holds the
    /// certificate in use, the generated one too, so the result can be changed with <c>with { ... }</c> and given
    /// back to <see cref="SetConfiguration"/>.
    /// </summary>
    public RtcConfiguration GetConfiguration() => Configuration;

    /// <summary>
    /// W3C setConfiguration. Callable from any thread; throws at once, as the W3C method does, and changes nothing
    /// when it throws. New <see cref="RtcConfiguration.IceServers"/>, <see cref="RtcConfiguration.IceTransportPolicy"/>
    /// and <see cref="RtcConfiguration.NetworkFilter"/> take effect at the next gathering: call
    /// <see cref="RestartIce"/> (or create an offer with <see cref="RtcOfferOptions.IceRestart"/>) to gather with
    /// them now. A change to <see cref="IceTransportPolicy.Relay"/> also applies at once to what is new, as in
    /// libwebrtc: only relay candidates are signaled and form new pairs from then on, while pairs that already exist
    /// keep running until the restart replaces them. Before any description, <see cref="RtcConfiguration.IceCandidatePoolSize"/>
    /// above 0 starts the pool, and a pool already gathered is discarded (size 0) or gathered again with the new
    /// servers and policy (libwebrtc's PortAllocator::SetConfiguration). Empty
    /// <see cref="RtcConfiguration.Certificates"/> means "not given": the current certificate stays.
    /// </summary>
    /// <exception cref="InvalidStateException">The connection is closed (W3C InvalidStateError).</exception>
    /// <exception cref="InvalidModificationException">
    /// The certificates, <see cref="RtcConfiguration.BundlePolicy"/> or <see cref="RtcConfiguration.RtcpMuxPolicy"/>
    /// differ from the current ones, or <see cref="RtcConfiguration.IceCandidatePoolSize"/> changes after a local
    /// description was applied (W3C InvalidModificationError).
    /// </exception>
    /// <exception cref="FormatException">An ICE server URL is malformed (W3C SyntaxError), as at creation.</exception>
    /// <exception cref="ArgumentException">
    /// A TURN server lacks a username or credential (W3C InvalidAccessError), or a server has no URL, as at creation.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">IceCandidatePoolSize is not 0 to 255, as at creation.</exception>
    public void SetConfiguration(RtcConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        RtcConfiguration previous;
        RtcConfiguration current;
        lock (_configurationLock)
        {
            if (_closed)
            {
                throw new InvalidStateException("The peer connection is closed.");
            }

            previous = _configuration;
            if (configuration.Certificates.Count > 0 && !configuration.Certificates.SequenceEqual(previous.Certificates))
            {
                throw new InvalidModificationException("The certificates cannot change after creation (W3C setConfiguration).");
            }

            if (configuration.BundlePolicy != previous.BundlePolicy)
            {
                throw new InvalidModificationException($"The bundle policy cannot change ({previous.BundlePolicy} to {configuration.BundlePolicy}).");
            }

            if (configuration.RtcpMuxPolicy != previous.RtcpMuxPolicy)
            {
                throw new InvalidModificationException($"The rtcp-mux policy cannot change ({previous.RtcpMuxPolicy} to {configuration.RtcpMuxPolicy}).");
            }

            if (configuration.IceCandidatePoolSize != previous.IceCandidatePoolSize && HasLocalDescription())
            {
                throw new InvalidModificationException("IceCandidatePoolSize cannot change once a local description is set (RFC 9429 §4.1.18).");
            }

            ValidateConfiguration(configuration);
            current = configuration with { Certificates = previous.Certificates };
            _configuration = current;
        }

        _signaling.Post(static s => s.Pc.ApplyConfiguration(s.Previous, s.Current), new ConfigurationChange(this, previous, current));
    }

    /// <summary>
    /// The checks the constructor and <see cref="SetConfiguration"/> share: the pool size's range and every ICE server
    /// (W3C "validate an ICE server": a malformed URL, a TURN URL without credentials).
    /// </summary>
    private static void ValidateConfiguration(RtcConfiguration configuration)
    {
        if (configuration.IceCandidatePoolSize is < 0 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(configuration), configuration.IceCandidatePoolSize, "IceCandidatePoolSize must be 0 to 255 (W3C).");
        }

        foreach (IceServer server in configuration.IceServers)
        {
            server.Validate();
        }
    }

    private bool HasLocalDescription()
    {
        lock (_descriptionLock)
        {
            return _localDescription is not null;
        }
    }

    /// <summary>
    /// Hands an accepted configuration to the transport (signaling thread, queued behind the operations called
    /// before <see cref="SetConfiguration"/>, ahead of those called after). The ICE channel gets the new gathering
    /// options for its next session. While no description has been applied, the candidate pool follows the new
    /// size: started when it grows from 0; discarded when it drops to 0 or gathered again with the new servers,
    /// policy or network filter. Discarding also takes new local ICE credentials, so that nothing the discarded
    /// ports still report can reach the next description.
    /// </summary>
    private void ApplyConfiguration(RtcConfiguration previous, RtcConfiguration current)
    {
        if (_closed)
        {
            return;
        }

        JingleLog.ConfigurationSet(_logger, current.IceServers.Count, current.IceTransportPolicy, current.IceCandidatePoolSize);
        RunOnWorker(t => t.SetConfiguration(current));
        if (_localDescription is not null || _remoteDescription is not null)
        {
            return;   // the pool, if any, is in use: RFC 9429 lets it serve the first exchange only
        }

        bool gatheringChanged = !SameGathering(previous, current);
        if (previous.IceCandidatePoolSize > 0 && (current.IceCandidatePoolSize == 0 || gatheringChanged))
        {
            IceParameters fresh = IceParameters.Create(_env.Random);
            _localIce = fresh;
            _pendingLocalIce = null;
            _localCandidates.Clear();
            _pooledGatheringState = null;
            _localEndOfCandidates = false;
            bool regather = current.IceCandidatePoolSize > 0;
            JingleLog.CandidatePoolDiscarded(_logger, regather);
            RunOnWorker(t => t.DiscardPool(fresh, regather));
        }
        else if (previous.IceCandidatePoolSize == 0 && current.IceCandidatePoolSize > 0)
        {
            RunOnWorker(static t => t.StartPool());
        }
    }

    /// <summary>True when the two configurations gather the same candidates (servers, policy, network filter).</summary>
    private static bool SameGathering(RtcConfiguration a, RtcConfiguration b) =>
        a.IceTransportPolicy == b.IceTransportPolicy
        && Equals(a.NetworkFilter, b.NetworkFilter)
        && a.TurnsCertificateValidation == b.TurnsCertificateValidation
        && a.IceServers.SequenceEqual(b.IceServers);

    private sealed record ConfigurationChange(PeerConnection Pc, RtcConfiguration Previous, RtcConfiguration Current);
}
