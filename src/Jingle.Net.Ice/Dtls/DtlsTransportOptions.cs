using Jingle.Net.Base.Threading;

namespace Jingle.Net.Ice.Dtls;

/// <summary>Configuration of a <see cref="DtlsTransport"/>. Validated when the transport is created.</summary>
public sealed class DtlsTransportOptions
{
    /// <summary>The local certificate (required). The transport does not dispose it.</summary>
    public RtcCertificate? Certificate { get; init; }

    /// <summary>
    /// The thread the owner (ICE, SCTP, SRTP) lives on: events are raised there and the lower transport is only
    /// touched from there. When null, events are raised inline on whichever thread produced them (the transport's
    /// own DTLS thread for handshake results and application data), and the lower transport must accept calls
    /// from that thread too.
    /// </summary>
    public RtcThread? OwnerThread { get; init; }

    /// <summary>SRTP profiles offered in use_srtp, most preferred first. Empty: no use_srtp extension.</summary>
    public IReadOnlyList<SrtpProtectionProfile> SrtpProfiles { get; init; } = SrtpProtectionProfileExtensions.DefaultProfiles;

    /// <summary>
    /// When true, a handshake without a common SRTP profile fails (<see cref="DtlsErrorReason.NoCommonSrtpProfile"/>)
    /// instead of completing without SRTP as RFC 5764 §4.1.1 permits. Use it for media transports.
    /// </summary>
    public bool RequireSrtp { get; init; }

    /// <summary>
    /// First handshake retransmission timeout (RFC 6347 §4.2.4.1: 1 s; libwebrtc uses 50 ms on fast links). It
    /// doubles on each retransmission up to 60 s and restarts at this value for each new flight. The timer runs on the
    /// environment's injected <see cref="TimeProvider"/> (our own flight retransmitter; see docs/dtls.md "Time").
    /// </summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The handshake fails with <see cref="DtlsErrorReason.HandshakeTimeout"/> after this long on the injected clock.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest datagram DTLS sends (handshake messages are fragmented to fit), default 1200 as in libwebrtc.</summary>
    public int Mtu { get; init; } = 1200;

    /// <summary>Largest datagram accepted from the peer; bigger DTLS datagrams are dropped and counted.</summary>
    public int MaxReceiveDatagramSize { get; init; } = 2048;

    /// <summary>DTLS datagrams queued for the DTLS thread at most; more are dropped and counted.</summary>
    public int ReceiveQueueCapacity { get; init; } = 1024;

    /// <summary>Outgoing handshake datagrams held while the lower transport is not writable.</summary>
    public int PendingSendCapacity { get; init; } = 64;

    /// <summary>
    /// Protect AES-GCM records with BouncyCastle's managed GCM instead of .NET's hardware-accelerated AesGcm (for
    /// comparison and tests; the default, false, is several times faster and allocates less).
    /// </summary>
    public bool UseBouncyCastleRecordCipher { get; init; }

    /// <summary>
    /// Keep the handshake's public-key operations (ECDHE on secp256r1/secp384r1, ECDSA signing and verification) and
    /// its SHA-2 hashing (transcript, PRF) on BouncyCastle's managed code instead of .NET's (OpenSSL). For comparison
    /// (benchmarks) and cross-checks in tests.
    /// </summary>
    internal bool UseBouncyCastleHandshakeCrypto { get; init; }

    /// <summary>
    /// Tests only: the key exchange groups (TLS NamedGroup values) a client offers, in order, instead of BouncyCastle's
    /// default (x25519, x448, secp256r1, secp384r1) — to make a handshake use a given curve. Null (the default) keeps
    /// the default list.
    /// </summary>
    internal int[]? SupportedGroups { get; init; }

    /// <summary>
    /// Keep application data on BouncyCastle's record layer (and its DTLS thread) instead of the fast path that
    /// encrypts and decrypts AES-GCM application_data records on the caller's / receiving thread without allocating
    /// (see docs/dtls.md, "Application data speed"). For comparison and interop tests; the default, false, uses the
    /// fast path whenever an AES-GCM suite was negotiated.
    /// </summary>
    public bool DisableRecordFastPath { get; init; }

    /// <summary>
    /// Decrypted records waiting to be raised on the owner's thread (records BouncyCastle decrypted on the DTLS
    /// thread, and fast path records that arrived on a thread other than the owner's). When full, further records
    /// are dropped and counted (<see cref="DtlsTransport.DeliveryDropCount"/>): like a full socket buffer, and SCTP
    /// retransmits. Default 1024.
    /// </summary>
    public int DeliveryQueueCapacity { get; init; } = 1024;

    internal void Validate()
    {
        if (Certificate is null)
        {
            throw new ArgumentException("DtlsTransportOptions.Certificate is required.");
        }

        foreach (SrtpProtectionProfile profile in SrtpProfiles)
        {
            if (!profile.IsSupported())
            {
                throw new ArgumentException($"SRTP profile {profile.ToWireString()} is not supported.");
            }
        }

        if (RequireSrtp && SrtpProfiles.Count == 0)
        {
            throw new ArgumentException("RequireSrtp needs at least one SRTP profile.");
        }

        if (InitialRetransmitTimeout < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentException("InitialRetransmitTimeout must be at least 1 ms.");
        }

        if (HandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("HandshakeTimeout must be positive.");
        }

        if (Mtu < 256 || MaxReceiveDatagramSize < 256 || ReceiveQueueCapacity < 1 || PendingSendCapacity < 1)
        {
            throw new ArgumentException("Mtu and MaxReceiveDatagramSize must be >= 256 and capacities >= 1.");
        }
    }
}
