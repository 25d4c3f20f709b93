namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The RFC 6347 §4.2.4 handshake retransmission timer, run by us under BouncyCastle (sans-I/O: datagrams and "now"
/// in, a deadline and datagrams to resend out). BouncyCastle 2.7.0 reads its own timer from the system clock, so
/// it is given a 60 s timer that never fires in practice, and this class decides when a flight is retransmitted,
/// on the injected clock.
/// <list type="bullet">
/// <item>A <b>flight</b> is what BouncyCastle sends between two receives. A burst whose first handshake message is
/// new (message_seq above all sent before, or the first ChangeCipherSpec) starts a new flight: the timer restarts
/// at the initial value (OpenSSL and libwebrtc reset it per flight). A burst that repeats earlier messages is
/// BouncyCastle answering the peer's retransmission: it replaces the recorded flight, and the timer restarts with
/// its current value.</item>
/// <item>When the deadline passes, the flight is retransmitted and the timer doubles, up to 60 s.</item>
/// <item><b>Record sequence numbers</b>: peers drop a repeated (epoch, sequence_number) as a replay (RFC 6347
/// §4.1.2.6; OpenSSL does), so every epoch-0 record we send gets the next number of our own monotonic counter —
/// BouncyCastle's sends and our resends alike — and a resent epoch-0 record is new to the peer. Epoch-0 records
/// are plaintext: no MAC covers the number.</item>
/// <item><b>Encrypted records</b> (epoch 1: the client's Finished) cannot be renumbered without the keys. Resending
/// one unchanged is not enough: a peer that got it but whose answer was lost drops the copy as a replay, and both
/// BouncyCastle and OpenSSL answer a retransmitted final flight only once its Finished arrives again. So a flight
/// with encrypted records is retransmitted by BouncyCastle itself, which re-encrypts with fresh numbers: we hand it
/// again the peer's previous flight (recorded as received), and BouncyCastle, seeing that flight complete again,
/// resends its own (RFC 6347 §4.2.4: a retransmitted flight is answered with a retransmission).</item>
/// <item>For that, and so that no peer record is ever mistaken for a replay of an injected copy, every epoch-0 record
/// handed to BouncyCastle is renumbered too, from a second counter. Epoch 0 is unauthenticated, so its replay
/// window protected nothing; encrypted records keep their numbers and BouncyCastle's replay window.</item>
/// </list>
/// Not thread-safe: the adapter calls it under its lock, from the DTLS thread (sends, receives, expiry).
/// </summary>
internal sealed class DtlsFlightRetransmitter
{
    /// <summary>The timer BouncyCastle is given (its maximum): it never fires while our timer works.</summary>
    public const int BouncyCastleResendMillis = 60_000;

    /// <summary>RFC 6347 §4.2.4.1: the timer doubles up to 60 s.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Peer datagrams kept per flight at most (a flight is a handful; more is a flood).</summary>
    private const int MaxRecordedDatagrams = 64;

    private readonly TimeSpan _initialTimeout;
    private readonly long _frequency;
    private readonly List<byte[]> _flight = [];
    private List<byte[]> _received = [];
    private List<byte[]> _peerFlight = [];
    private long _nextSendSequence;
    private long _nextReceiveSequence;
    private int _maxSentMessageSeq = -1;
    private bool _sentChangeCipherSpec;
    private bool _receivedSinceSend = true;
    private bool _recordingBurst;
    private bool _flightIsEncrypted;
    private bool _stopped;

    public DtlsFlightRetransmitter(TimeSpan initialTimeout, long timestampFrequency)
    {
        _initialTimeout = initialTimeout < MaxTimeout ? initialTimeout : MaxTimeout;
        _frequency = timestampFrequency;
        CurrentTimeout = _initialTimeout;
    }

    /// <summary>The value the timer was (re)started with last.</summary>
    public TimeSpan CurrentTimeout { get; private set; }

    /// <summary>When the current flight is due for retransmission (a timestamp), or <see cref="long.MaxValue"/>.</summary>
    public long Deadline { get; private set; } = long.MaxValue;

    /// <summary>Flights retransmitted because the timer expired.</summary>
    public int RetransmitCount { get; private set; }

    /// <summary>
    /// BouncyCastle sends <paramref name="datagram"/> (a private copy): its epoch-0 records are renumbered in place,
    /// and during the handshake it is recorded as part of the current flight.
    /// </summary>
    public void OnDatagramSent(byte[] datagram, long now)
    {
        DtlsFlightRecords.RestampEpochZero(datagram, ref _nextSendSequence);
        if (_stopped)
        {
            return;
        }

        if (_receivedSinceSend)
        {
            _receivedSinceSend = false;
            StartBurst(datagram, now);
        }

        if (_recordingBurst)
        {
            _flight.Add(datagram);
        }

        int offset = 0;
        while (DtlsFlightRecords.TryReadRecord(datagram.AsSpan(offset), out byte type, out ushort epoch, out int length))
        {
            int messageSeq = DtlsFlightRecords.ReadHandshakeMessageSeq(datagram.AsSpan(offset));
            _maxSentMessageSeq = Math.Max(_maxSentMessageSeq, messageSeq);
            _sentChangeCipherSpec |= type == DtlsFlightRecords.ChangeCipherSpec;
            _flightIsEncrypted |= _recordingBurst && epoch != 0;
            offset += length;
        }
    }

    /// <summary>
    /// A datagram from the peer is about to be handed to BouncyCastle: its epoch-0 records are renumbered in place.
    /// During the handshake, a real one (not <paramref name="synthetic"/>) is recorded as part of the peer's flight.
    /// </summary>
    public void OnDatagramReceived(Span<byte> datagram, bool synthetic)
    {
        if (!_stopped)
        {
            _receivedSinceSend = true;
            if (!synthetic && _received.Count < MaxRecordedDatagrams)
            {
                _received.Add(datagram.ToArray());
            }
        }

        DtlsFlightRecords.RestampEpochZero(datagram, ref _nextReceiveSequence);
    }

    /// <summary>
    /// The deadline passed: the timer doubles (up to 60 s) and restarts at <paramref name="now"/>. Returns what to
    /// do: send our recorded flight again (its epoch-0 records already renumbered), or — for a flight with encrypted
    /// records — hand BouncyCastle the peer's previous flight again so that it re-encrypts and resends its own.
    /// </summary>
    public DtlsRetransmission OnTimerExpired(long now)
    {
        if (_stopped || _flight.Count == 0)
        {
            Deadline = long.MaxValue;
            return default;
        }

        RetransmitCount++;
        CurrentTimeout = CurrentTimeout * 2 < MaxTimeout ? CurrentTimeout * 2 : MaxTimeout;
        Deadline = now + ToTicks(CurrentTimeout);
        if (_flightIsEncrypted && _peerFlight.Count > 0)
        {
            return new DtlsRetransmission([.. _peerFlight], ReplayPeerFlight: true);
        }

        foreach (byte[] datagram in _flight)
        {
            DtlsFlightRecords.RestampEpochZero(datagram, ref _nextSendSequence);
        }

        return new DtlsRetransmission([.. _flight], ReplayPeerFlight: false);
    }

    /// <summary>The handshake ended: no more timer, nothing recorded. Renumbering goes on (see the class remarks).</summary>
    public void Stop()
    {
        _stopped = true;
        Deadline = long.MaxValue;
        _flight.Clear();
        _received.Clear();
        _peerFlight.Clear();
    }

    private void StartBurst(byte[] first, long now)
    {
        DtlsFlightRecords.TryReadRecord(first, out byte type, out ushort epoch, out _);
        int messageSeq = DtlsFlightRecords.ReadHandshakeMessageSeq(first);
        bool newFlight = messageSeq > _maxSentMessageSeq ||
            (type == DtlsFlightRecords.ChangeCipherSpec && epoch == 0 && !_sentChangeCipherSpec);
        bool repeat = messageSeq >= 0 || type == DtlsFlightRecords.ChangeCipherSpec;
        _recordingBurst = newFlight || repeat; // an alert is no flight
        if (!_recordingBurst)
        {
            return;
        }

        _flight.Clear();
        _flightIsEncrypted = false;
        if (newFlight)
        {
            // The peer's flight that this one answers: what arrived since our previous flight.
            _peerFlight = _received;
            _received = [];
            CurrentTimeout = _initialTimeout;
        }

        Deadline = now + ToTicks(CurrentTimeout);
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _frequency);
}
