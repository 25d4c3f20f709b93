using System.Globalization;
using System.Net;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice.Candidates;

namespace Jingle.Net.Ice.Ports;

/// <summary>
/// One local transport address and the candidates gathered through it (libjingle's Port): a UDP socket (host, and
/// server-reflexive through the same socket) or a TURN allocation (relay). It owns its socket; connections send
/// through it, and it hands every datagram that is not its own gathering traffic to its <see cref="IPortListener"/>.
/// </summary>
internal abstract class Port : IDisposable
{
    private readonly List<IceCandidate> _candidates = [];

    protected Port(PortContext context, NetworkInfo network, int networkOrdinal)
    {
        Context = context;
        Network = network;
        NetworkOrdinal = networkOrdinal;
    }

    public PortContext Context { get; }

    public string ContentName => Context.ContentName;

    public int Component => Context.Component;

    /// <summary>The local ICE credentials checks on this port are answered with (its generation's).</summary>
    public IceParameters LocalParameters => Context.Parameters;

    public NetworkInfo Network { get; }

    /// <summary>Position of the network in the allocator's list; the lower, the higher the local preference.</summary>
    public int NetworkOrdinal { get; }

    /// <summary>libjingle's port type name ("local", "stun", "relay").</summary>
    public abstract string TypeName { get; }

    public abstract CandidateProtocol Protocol { get; }

    /// <summary>The candidate connections from this port start with (host for UDP, the relayed address for TURN).</summary>
    public IceCandidate? PrimaryCandidate => _candidates.Count > 0 ? _candidates[0] : null;

    public IReadOnlyList<IceCandidate> Candidates => _candidates;

    public IPortListener? Listener { get; set; }

    public bool IsDisposed { get; private set; }

    /// <summary>Datagrams received that nobody took (malformed, unknown source and not a check).</summary>
    public long PacketsDropped { get; protected set; }

    /// <summary>Starts gathering; candidates and completion are reported to <see cref="Listener"/>.</summary>
    public abstract void StartGathering();

    /// <summary>Sends one datagram to <paramref name="remote"/>. False when it could not be sent.</summary>
    public abstract bool SendTo(ReadOnlySpan<byte> packet, IPEndPoint remote);

    /// <summary>The local preference (RFC 8445 §5.1.2.1) for a candidate on this port.</summary>
    public int LocalPreference(int relayPreference = 0) => Math.Max(0, 65535 - (NetworkOrdinal * 256) - relayPreference);

    /// <summary>
    /// The local preference of a peer-reflexive candidate learned through this port: the PRIORITY of its checks
    /// (RFC 8445 §7.2.2) and of a prflx local candidate. TCP ports use RFC 6544 §4.2's.
    /// </summary>
    public virtual int CheckLocalPreference => LocalPreference();

    protected void AddCandidate(IceCandidate candidate)
    {
        _candidates.Add(candidate);
        Listener?.OnCandidateReady(this, candidate);
    }

    /// <summary>Adds a candidate that is used locally but not signaled (relay-only policy hides host candidates).</summary>
    protected void AddHiddenCandidate(IceCandidate candidate) => _candidates.Add(candidate);

    /// <summary>Adds a peer-reflexive local candidate learned from a check response (RFC 8445 §7.2.5.3.1); not signaled.</summary>
    public void AddPeerReflexiveCandidate(IceCandidate candidate) => _candidates.Add(candidate);

    /// <summary>The port's candidate whose address equals <paramref name="address"/>, or null.</summary>
    public IceCandidate? FindCandidate(IPEndPoint address)
    {
        foreach (IceCandidate c in _candidates)
        {
            if (c.Port == address.Port && IPAddress.TryParse(c.Host, out IPAddress? ip) && ip.Equals(address.Address))
            {
                return c;
            }
        }

        return null;
    }

    public override string ToString() =>
        $"Port[{ContentName}:{TypeName}:Net[{Network.Index.ToString(CultureInfo.InvariantCulture)}:{Network.Name}]]";

    public void Dispose()
    {
        if (!IsDisposed)
        {
            IsDisposed = true;
            DisposeCore();
        }
    }

    protected abstract void DisposeCore();
}
