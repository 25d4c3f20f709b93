using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net;

/// <summary>
/// Creates <see cref="PeerConnection"/>s that share one signaling thread, one worker thread and one environment
/// (libwebrtc's PeerConnectionFactory). Threads the factory created are stopped by <see cref="DisposeAsync"/>;
/// threads the host passed in are left running.
/// </summary>
public sealed class PeerConnectionFactory : IAsyncDisposable
{
    private readonly bool _ownsSignaling;
    private readonly bool _ownsWorker;
    private readonly List<PeerConnection> _connections = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Creates the factory; see <see cref="PeerConnectionFactoryOptions"/>.</summary>
    public PeerConnectionFactory(PeerConnectionFactoryOptions? options = null)
    {
        options ??= new PeerConnectionFactoryOptions();
        Environment = options.Environment ?? JingleEnvironment.CreateDefault();
        _ownsSignaling = options.SignalingThread is null;
        _ownsWorker = options.WorkerThread is null;
        SignalingThread = options.SignalingThread ?? new RtcThread("signaling", Environment.TimeProvider, Environment.LoggerFactory);
        WorkerThread = options.WorkerThread ?? new RtcThread("worker", Environment.TimeProvider, Environment.LoggerFactory);
    }

    /// <summary>The environment every connection uses.</summary>
    public JingleEnvironment Environment { get; }

    /// <summary>Where public calls run and events are raised.</summary>
    public RtcThread SignalingThread { get; }

    /// <summary>Where ICE, DTLS and SCTP run.</summary>
    public RtcThread WorkerThread { get; }

    /// <summary>Generates a DTLS certificate (ECDSA P-256 by default) valid on the environment's clock.</summary>
    public RtcCertificate GenerateCertificate(RtcKeyType keyType = RtcKeyType.EcdsaP256) =>
        RtcCertificate.Generate(keyType, null, Environment.TimeProvider);

    /// <summary>Creates a peer connection (W3C <c>new RTCPeerConnection(configuration)</c>).</summary>
    public PeerConnection CreatePeerConnection(RtcConfiguration? configuration = null)
    {
        configuration ??= new RtcConfiguration();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
        }

        var connection = new PeerConnection(this, configuration);
        lock (_gate)
        {
            _connections.Add(connection);
        }

        return connection;
    }

    internal void Forget(PeerConnection connection)
    {
        lock (_gate)
        {
            _connections.Remove(connection);
        }
    }

    /// <summary>Closes every connection still open, then stops the threads the factory created.</summary>
    public async ValueTask DisposeAsync()
    {
        PeerConnection[] open;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            open = [.. _connections];
        }

        foreach (PeerConnection connection in open)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsSignaling)
        {
            await SignalingThread.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsWorker)
        {
            await WorkerThread.DisposeAsync().ConfigureAwait(false);
        }
    }
}
