using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Transport;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// DTLS 1.2 (RFC 6347) over an <see cref="IPacketTransport"/> (the ICE channel), as WebRTC uses it (RFC 5763,
/// RFC 8827): both sides present self-signed certificates that must match the fingerprints signaled in SDP; the
/// use_srtp extension (RFC 5764) negotiates an SRTP profile whose keys are exported for the SRTP layer; and the
/// application data path carries SCTP (RFC 8261) — this class is itself an <see cref="IPacketTransport"/> for it.
/// <para>
/// Threads: BouncyCastle's DTLS protocol blocks, so each transport runs it on one dedicated background thread fed
/// by a bounded queue from the lower transport's <see cref="IPacketTransport.PacketReceived"/>. Everything else —
/// the public members, the events, the calls into the lower transport — happens on the owner's thread
/// (<see cref="DtlsTransportOptions.OwnerThread"/>), or inline when there is none. Demultiplexing follows RFC 7983:
/// first byte 20–63 is DTLS, 128–191 is SRTP/SRTCP and goes to <see cref="SrtpPacketReceived"/> untouched.
/// </para>
/// </summary>
public sealed partial class DtlsTransport : IPacketTransport, IAsyncDisposable, IDtlsDatagramSink
{
    private readonly IPacketTransport _lower;
    private readonly DtlsTransportOptions _options;
    private readonly RtcThread? _owner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DtlsDatagramAdapter _adapter;
    private readonly DtlsTlsCrypto _crypto;
    private readonly Lock _stateLock = new();
    private readonly Lock _sendLock = new();
    private readonly Queue<byte[]> _pendingSends = new();
    private readonly DtlsRecordDeliveryQueue _deliveries;
    private readonly TaskCompletionSource _threadExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private BcDtlsTransport? _bcTransport;
    private DtlsTransportState _state;
    private DtlsTransportError? _error;
    private byte[]? _srtpKeyingMaterial;
    private volatile bool _lowerWritable;
    private volatile bool _closing;
    private bool _disposed;
    private int _deliveryPosted;
    private bool _lastSendResult;
    private bool _wasWritable;

    /// <summary>
    /// Creates the transport over <paramref name="lower"/> and starts listening to it at once, so DTLS packets
    /// that arrive before <see cref="Start"/> are queued, not lost. Call on the owner's thread.
    /// </summary>
    public DtlsTransport(JingleEnvironment environment, IPacketTransport lower, DtlsTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _lower = lower;
        _options = options;
        _owner = options.OwnerThread;
        _time = environment.TimeProvider;
        _logger = environment.LoggerFactory.CreateLogger("Jingle.Net.Ice.DtlsTransport");
        _crypto = new DtlsTlsCrypto(DtlsTlsCrypto.SharedRandom, options.UseBouncyCastleRecordCipher is false,
            options.UseBouncyCastleHandshakeCrypto is false, _logger);
        _adapter = new DtlsDatagramAdapter(_time, this, options, _logger, lower.TransportName);
        if (options.DeliveryQueueCapacity < 1)
        {
            throw new ArgumentException("DeliveryQueueCapacity must be >= 1.", nameof(options));
        }

        _deliveries = new DtlsRecordDeliveryQueue(options.DeliveryQueueCapacity, _freeDeliveryBuffers);
        _maxFastPlaintext = Math.Min(MaxPlaintextLength, options.MaxReceiveDatagramSize - DtlsRecordProtection.RecordOverhead);
        _fastSendBuffer = new byte[_maxFastPlaintext + DtlsRecordProtection.RecordOverhead];
        _fastReceiveBuffer = new byte[options.MaxReceiveDatagramSize];
        _lowerWritable = lower.IsWritable;
        lower.PacketReceived += OnLowerPacketReceived;
        lower.WritableStateChanged += OnLowerWritableStateChanged;
    }

    /// <summary>The lower transport's name (for logs).</summary>
    public string TransportName => _lower.TransportName;

    /// <summary>The current state.</summary>
    public DtlsTransportState State
    {
        get { lock (_stateLock) { return _state; } }
    }

    /// <summary>Why the transport failed, once <see cref="State"/> is <see cref="DtlsTransportState.Failed"/>.</summary>
    public DtlsTransportError? Error
    {
        get { lock (_stateLock) { return _error; } }
    }

    /// <summary>The role given to <see cref="Start"/>, or null before.</summary>
    public DtlsRole? Role { get; private set; }

    /// <summary>The fingerprint the peer's certificate must match (given to <see cref="Start"/>).</summary>
    public RtcCertificateFingerprint? RemoteFingerprint { get; private set; }

    /// <summary>The local certificate.</summary>
    public RtcCertificate LocalCertificate => _options.Certificate!;

    /// <summary>The negotiated SRTP profile once connected (<see cref="SrtpProtectionProfile.None"/> when none).</summary>
    public SrtpProtectionProfile SrtpProfile { get; private set; }

    /// <summary>The negotiated TLS cipher suite (IANA value) once connected.</summary>
    public int CipherSuite { get; private set; }

    /// <summary>The negotiated ECDHE group (TLS NamedGroup value, e.g. 29 = x25519, 23 = secp256r1) once connected.</summary>
    internal int KeyExchangeGroup { get; private set; }

    /// <summary>True once connected when the X25519 key exchange ran on libcrypto (not BouncyCastle's fallback).</summary>
    internal bool KeyExchangeOnLibCrypto { get; private set; }

    /// <summary>The peer's DER certificate once connected (it matched <see cref="RemoteFingerprint"/>).</summary>
    public ReadOnlyMemory<byte> RemoteCertificate { get; private set; }

    /// <summary>Handshake flights retransmitted after a timeout.</summary>
    public int HandshakeRetransmitCount => _adapter.RetransmitCount;

    /// <summary>Received packets dropped: DTLS queue full or too big, or a first byte RFC 7983 does not give us.</summary>
    public long DroppedPacketCount => Interlocked.Read(ref _droppedPackets);

    /// <summary>Application data packets that could not be sent (not connected, not writable, too big).</summary>
    public long SendFailureCount => Interlocked.Read(ref _sendFailures);

    /// <summary>
    /// Received application records dropped because their AES-GCM tag did not verify (forged or corrupted; RFC 6347
    /// §4.1.2.7: dropped, not fatal). Counted on the fast path.
    /// </summary>
    public long AuthenticationFailureCount => Interlocked.Read(ref _authenticationFailures);

    /// <summary>Received application records dropped as replays or as older than the 64-record window (fast path).</summary>
    public long ReplayedRecordCount => Interlocked.Read(ref _replayedRecords);

    /// <summary>Decrypted records dropped because the owner's delivery queue was full (<see cref="DtlsTransportOptions.DeliveryQueueCapacity"/>).</summary>
    public long DeliveryDropCount => _deliveries.DroppedCount;

    /// <summary>True while application data bypasses BouncyCastle's record layer (connected with an AES-GCM suite).</summary>
    public bool IsRecordFastPathActive => _fastWrite is not null;

    private long _droppedPackets;
    private long _sendFailures;

    /// <summary>True while connected and the lower transport is writable: <see cref="Send"/> delivers.</summary>
    public bool IsWritable => State == DtlsTransportState.Connected && _lower.IsWritable;

    /// <summary>Raised on the owner's thread on every state change.</summary>
    public event Action<DtlsTransport, DtlsTransportState>? StateChanged;

    /// <summary>Raised on the owner's thread, just before the change to <see cref="DtlsTransportState.Failed"/>.</summary>
    public event Action<DtlsTransport, DtlsTransportError>? ErrorOccurred;

    /// <inheritdoc/>
    public event Action<IPacketTransport>? WritableStateChanged;

    /// <summary>Raised on the owner's thread for each decrypted application data record (what SCTP reads).</summary>
    public event TransportPacketHandler? PacketReceived;

    /// <summary>
    /// Raised inline, on the thread the lower transport delivers on, for each SRTP or SRTCP packet (first byte
    /// 128–191, RFC 7983): DTLS does not touch them. They are passed up in every state; the SRTP layer drops what
    /// it has no keys for.
    /// </summary>
    public event TransportPacketHandler? SrtpPacketReceived;

    /// <summary>
    /// Starts the handshake in <paramref name="role"/>; the peer's certificate must match
    /// <paramref name="remoteFingerprint"/>. A client sends its ClientHello once the lower transport is writable.
    /// </summary>
    public void Start(DtlsRole role, RtcCertificateFingerprint remoteFingerprint)
    {
        ArgumentNullException.ThrowIfNull(remoteFingerprint);
        lock (_stateLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state != DtlsTransportState.New)
            {
                throw new InvalidOperationException($"DtlsTransport {TransportName} was already started (state {_state}).");
            }
        }

        Role = role;
        RemoteFingerprint = remoteFingerprint;
        IceLog.DtlsStarting(_logger, TransportName, role.ToString());
        TransitionTo(DtlsTransportState.Connecting);
        var context = new DtlsHandshakeContext(_options, remoteFingerprint, _crypto, OnAlert);
        _thread = new Thread(() => RunProtocol(role, context))
        {
            IsBackground = true,
            Name = "dtls:" + TransportName,
        };
        _adapter.BeginHandshake(_thread);
        _thread.Start();
    }

    /// <summary>
    /// The SRTP master keys and salts (RFC 5764 §4.2) for the negotiated profile. The caller owns (and should
    /// dispose) the result.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not connected, or no SRTP profile was negotiated.</exception>
    public DtlsSrtpKeyingMaterial GetSrtpKeyingMaterial()
    {
        lock (_stateLock)
        {
            if (_state != DtlsTransportState.Connected || _srtpKeyingMaterial is null)
            {
                throw new InvalidOperationException(_state != DtlsTransportState.Connected
                    ? $"DTLS-SRTP keys exist only once connected (state {_state})."
                    : "No SRTP protection profile was negotiated.");
            }

            return new DtlsSrtpKeyingMaterial(SrtpProfile, Role!.Value, (byte[])_srtpKeyingMaterial.Clone());
        }
    }

    /// <summary>
    /// Sends a close_notify (when connected) and closes; the peer's transport closes too. Nothing flows afterwards.
    /// Call on the owner's thread.
    /// </summary>
    public void Close()
    {
        BcDtlsTransport? bc;
        DtlsRecordProtection? fast;
        lock (_stateLock)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            bc = _bcTransport;
            fast = _fastWrite;
            _fastWrite = null;
            _fastRead = null;
        }

        if (fast is not null)
        {
            // BouncyCastle no longer numbers this epoch's records: the close_notify is ours too.
            SendCloseNotify(fast);
        }
        else if (bc is not null)
        {
            try
            {
                bc.Close(); // close_notify, then closes the adapter
            }
            catch (IOException)
            {
            }
        }

        _adapter.Close();
        IceLog.DtlsClosed(_logger, TransportName, "locally");
        TransitionTo(DtlsTransportState.Closed);
    }

    /// <summary>Closes (close_notify when connected), stops listening to the lower transport, and waits for the DTLS thread to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_stateLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        Close();
        _lower.PacketReceived -= OnLowerPacketReceived;
        _lower.WritableStateChanged -= OnLowerWritableStateChanged;
        if (_thread is not null)
        {
            await _threadExited.Task;
        }

        _adapter.Dispose();
        Interlocked.Exchange(ref _cipher, null)?.Dispose(); // the epoch's keys: AesGcm contexts released, salts zeroed
        _deliveries.Clear();
        _freeDeliveryBuffers.Clear();

        lock (_sendLock)
        {
            _pendingSends.Clear();
        }
    }

    /// <summary>The dedicated DTLS thread, for tests that check it is gone after disposal.</summary>
    internal Thread? ProtocolThread => _thread;

    private void TransitionTo(DtlsTransportState next, DtlsTransportError? error = null)
    {
        DtlsTransportState previous;
        lock (_stateLock)
        {
            previous = _state;
            if (previous == next || previous is DtlsTransportState.Closed or DtlsTransportState.Failed)
            {
                return;
            }

            _state = next;
            if (error is not null)
            {
                _error = error;
            }

            if (next is DtlsTransportState.Closed or DtlsTransportState.Failed)
            {
                _fastWrite = null;
                _fastRead = null;
            }
        }

        IceLog.DtlsStateChanged(_logger, TransportName, previous, next);
        if (error is not null)
        {
            Raise(() => ErrorOccurred?.Invoke(this, error));
        }

        Raise(() => StateChanged?.Invoke(this, next));
        RaiseWritableIfChanged();
        if (next == DtlsTransportState.Connected)
        {
            EnableRecordFastPath();
        }
    }

    private void RaiseWritableIfChanged()
    {
        bool writable = IsWritable;
        if (writable != _wasWritable)
        {
            _wasWritable = writable;
            Raise(() => WritableStateChanged?.Invoke(this));
        }
    }

#pragma warning disable CA1031 // handlers are user code; their failures are logged
    private void Raise(Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception e)
        {
            // A throwing handler must not take the DTLS thread (or the state machine) down with it.
            IceLog.DtlsHandlerException(_logger, TransportName, e);
        }
    }
#pragma warning restore CA1031

    /// <summary>Runs <paramref name="action"/> on the owner's thread (inline when there is none).</summary>
    private void RunOnOwner(Action action)
    {
        if (_owner is null || _owner.IsCurrent)
        {
            action();
        }
        else
        {
            _owner.Post(action);
        }
    }
}
