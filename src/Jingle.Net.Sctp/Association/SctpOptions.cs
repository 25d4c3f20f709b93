namespace Jingle.Net.Sctp;

/// <summary>
/// Settings of an <see cref="SctpAssociation"/>. Defaults follow WebRTC's use of SCTP over DTLS (RFC 8261, RFC 8831):
/// port 5000, 1200-byte packets, 256 KiB messages.
/// </summary>
public sealed record SctpOptions
{
    public ushort LocalPort { get; init; } = 5000;

    public ushort RemotePort { get; init; } = 5000;

    /// <summary>The largest SCTP packet (common header and chunks) sent; DTLS and lower overheads come on top.</summary>
    public int Mtu { get; init; } = 1200;

    /// <summary>The receive buffer advertised as a_rwnd (RFC 9260 §6.2). Size it to at least the bandwidth-delay product.</summary>
    public int MaxReceiverWindow { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Receive-window auto-tuning (on by default). SACKs advertise the free part of <see cref="MaxReceiverWindow"/>
    /// (everything held counts: data behind holes, messages the application has not consumed), but never more than
    /// an auto-tuned window that starts at <see cref="InitialReceiveWindow"/> (at least <see cref="MaxMessageSize"/>
    /// plus 8 packets) and doubles, up to <see cref="MaxReceiverWindow"/>, each RTT in which the peer sent at least
    /// half of it (intervals of the smallest RTT measured by the handshake and HEARTBEATs, at least 2 ms; two in a
    /// row). A peer held back by the window keeps doubling it, as in slow start; a peer held back by anything else
    /// keeps it near twice its rate × RTT, so a slow-start overshoot builds only a short queue. Without it, the first
    /// SACK offers the whole buffer and a sender's slow start can overrun a shallow queue on its own side: Chromium's
    /// then loses hundreds of packets and its recovery resends each hole several times. The INIT still advertises
    /// <see cref="MaxReceiverWindow"/> (the sender's initial slow-start threshold). Off: every SACK advertises the free
    /// part of <see cref="MaxReceiverWindow"/>.
    /// </summary>
    public bool ReceiveWindowAutoTuning { get; init; } = true;

    /// <summary>The auto-tuned window before the peer has shown it needs more (see <see cref="ReceiveWindowAutoTuning"/>).</summary>
    public int InitialReceiveWindow { get; init; } = 256 * 1024;

    /// <summary>The largest message accepted by Send (SDP max-message-size, RFC 8841).</summary>
    public int MaxMessageSize { get; init; } = 256 * 1024;

    /// <summary>Bytes queued but not yet sent, all streams, beyond which Send refuses (backpressure).</summary>
    public long MaxSendBufferSize { get; init; } = 16L * 1024 * 1024;

    public ushort OutboundStreams { get; init; } = 65535;

    public ushort InboundStreams { get; init; } = 65535;

    public TimeSpan RtoInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RtoMin { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RtoMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>T1-init and T1-cookie start values (RFC 9260 §5.1, doubled on each expiry).</summary>
    public TimeSpan T1Timeout { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan DelayedAckTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Association.Max.Retrans (RFC 9260 §8.1): consecutive timeouts before the peer is declared unreachable.</summary>
    public int MaxRetransmissions { get; init; } = 10;

    /// <summary>Max.Init.Retransmits (RFC 9260 §5.1).</summary>
    public int MaxInitRetransmissions { get; init; } = 8;

    /// <summary>Valid.Cookie.Life (RFC 9260 §5.1.3).</summary>
    public TimeSpan ValidCookieLife { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Initial congestion window in MTUs.</summary>
    public int InitialCwndMtus { get; init; } = 10;

    /// <summary>The sender's congestion response (see <see cref="SctpCongestionControl"/>).</summary>
    public SctpCongestionControl CongestionControl { get; init; } = SctpCongestionControl.DeliveryRateFloor;

    /// <summary>Offer PR-SCTP (RFC 3758).</summary>
    public bool EnablePartialReliability { get; init; } = true;

    /// <summary>Offer I-DATA (RFC 8260); used when both sides offer it.</summary>
    public bool EnableMessageInterleaving { get; init; }

    /// <summary>
    /// RFC 9653 zero checksum with error detection method 1 (SCTP over DTLS); set it only when the lower layer is DTLS.
    /// INIT and INIT ACK then carry Zero Checksum Acceptable, packets with checksum 0 are accepted (besides correct
    /// CRC-32c ones; never in a packet with an INIT chunk), and once the peer has announced the same method the
    /// association sends checksum 0 instead of computing the CRC-32c (INIT, INIT ACK and COOKIE ECHO keep it). A
    /// peer that does not announce it (aiortc, usrsctp builds without it) keeps getting and sending CRC-32c.
    /// </summary>
    public bool EnableZeroChecksum { get; init; }

    /// <summary>
    /// The most DATA packets one SACK covers when <see cref="Transport.SctpTransport"/> gets a burst of packets in one
    /// turn of its thread (a batch from the socket): it sends the SACK at the end of the burst, or after this many
    /// DATA packets, whichever comes first; gaps, duplicates and the I bit are still answered at once. 2 is RFC 9260
    /// §6.2's "at least every second packet". More means fewer SACK packets to build, encrypt and send (and for the
    /// sender to take in), at the price of slower slow start for senders that grow cwnd per SACK rather than per
    /// byte acknowledged. Outside bursts (one packet per turn) the association acknowledges every second packet.
    /// </summary>
    public int MaxDataPacketsPerSack { get; init; } = 2;

    /// <summary>
    /// <see cref="MaxDataPacketsPerSack"/> above 2 applies only while the smallest RTT measured by the handshake and
    /// HEARTBEATs is at most this (default 5 ms): RFC 9260 senders (dcSCTP, usrsctp, aiortc) grow cwnd by at most one
    /// MTU per SACK in slow start, so on a long path fewer SACKs would stretch their slow start over many more round
    /// trips; on a short one it ends within milliseconds either way and every SACK saved is CPU saved on both sides.
    /// Without an RTT sample (or after <see cref="SctpAssociation.OnPathChanged"/> until the next one) the RFC
    /// cadence applies.
    /// </summary>
    public TimeSpan SackCoalescingMaxRtt { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Validates the settings, throwing <see cref="ArgumentException"/> on nonsense.</summary>
    public void Validate()
    {
        if (Mtu is < 256 or > 65535)
        {
            throw new ArgumentException("Mtu must be in [256, 65535].", nameof(Mtu));
        }

        if (MaxReceiverWindow < 2 * Mtu || (ReceiveWindowAutoTuning && InitialReceiveWindow < 2 * Mtu) || MaxMessageSize < 1 || MaxSendBufferSize < MaxMessageSize)
        {
            throw new ArgumentException("Window, message and buffer sizes are inconsistent.");
        }

        if (OutboundStreams == 0 || InboundStreams == 0 || InitialCwndMtus < 1 || MaxRetransmissions < 1 || MaxDataPacketsPerSack is < 2 or > 64)
        {
            throw new ArgumentException("Stream counts, initial cwnd and retransmission limits must be positive; MaxDataPacketsPerSack in [2, 64].");
        }

        if (RtoMin <= TimeSpan.Zero || RtoMin > RtoMax || RtoInitial < RtoMin)
        {
            throw new ArgumentException("RTO bounds are inconsistent.");
        }
    }
}
