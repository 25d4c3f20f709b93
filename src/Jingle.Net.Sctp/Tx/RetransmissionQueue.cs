using Jingle.Net.Sctp.Association;
using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;

namespace Jingle.Net.Sctp.Tx;

/// <summary>
/// The sender's outstanding chunks (a ring indexed by TSN) and congestion control: SACK processing with gap blocks
/// and the HTNA miss-indication rule, fast retransmit and fast recovery, slow start and congestion avoidance
/// (RFC 9260 §7), T3-rtx marking, RTT sampling under Karn's rule (§6.3.1) and PR-SCTP abandonment (RFC 3758).
/// </summary>
internal sealed partial class RetransmissionQueue
{
    private readonly SendQueue _sendQueue;
    private readonly RtoEstimator _rto;
    private readonly int _mtu;
    private OutstandingChunk[] _ring = new OutstandingChunk[1024];
    private int _mask = 1023;
    private uint _rtxScan;
    private uint _rttProbeTsn;
    private bool _rttProbeActive;
    private long _partialBytesAcked;
    private uint _fastRecoveryExitPoint;
    private readonly SctpCongestionControl _mode;
    private long _delivered;
    private long _sendSequence;
    private double _maxRateCurrent;
    private double _maxRatePrevious;
    private TimeSpan _rateBucketStart;
    private TimeSpan _minRtt = TimeSpan.MaxValue;
    private TimeSpan _minRttStamp;
    private TimeSpan _latestRtt;
    private TimeSpan _roundMinRtt = TimeSpan.MaxValue;
    private TimeSpan _lastRoundMinRtt = TimeSpan.MaxValue;
    private uint _roundEndTsn;
    private int _roundSamples;
    private bool _roundStarted;

    public RetransmissionQueue(SendQueue sendQueue, RtoEstimator rto, int mtu, int initialCwndMtus, SctpCongestionControl mode)
    {
        _mode = mode;
        _sendQueue = sendQueue;
        _rto = rto;
        _mtu = mtu;
        Cwnd = (long)initialCwndMtus * mtu;
        Ssthresh = long.MaxValue;
    }

    /// <summary>The next TSN to assign.</summary>
    public uint NextTsn { get; private set; }

    /// <summary>The highest TSN the peer acknowledged cumulatively.</summary>
    public uint CumulativeTsnAck { get; private set; }

    /// <summary>Bytes of chunks sent and not yet acknowledged or marked lost.</summary>
    public long FlightSize { get; private set; }

    public long Cwnd { get; private set; }

    public long Ssthresh { get; private set; }

    /// <summary>The peer's last advertised receiver window.</summary>
    public uint PeerReceiverWindow { get; private set; }

    public bool InFastRecovery { get; private set; }

    /// <summary>Chunks marked for retransmission.</summary>
    public int RetransmitPending { get; private set; }

    /// <summary>Set when fast retransmit fired: the next packet may ignore cwnd (RFC 9260 §7.2.4 step 3).</summary>
    public bool FastRetransmitNow { get; set; }

    /// <summary>True while any TSN above the cumulative ack is held.</summary>
    public bool HasOutstanding => NextTsn != CumulativeTsnAck + 1;

    public int OutstandingCount => (int)(NextTsn - CumulativeTsnAck - 1);

    public long RetransmittedChunks { get; private set; }

    public long FastRetransmits { get; private set; }

    public long T3Expirations { get; private set; }

    public void Initialize(uint initialTsn, uint peerReceiverWindow)
    {
        NextTsn = initialTsn;
        CumulativeTsnAck = initialTsn - 1;
        _rtxScan = initialTsn;
        PeerReceiverWindow = peerReceiverWindow;
    }

    /// <summary>Room for new data under both cwnd (may be exceeded by up to one MTU) and the peer's window.</summary>
    public bool CanSendNewData(int chunkBytes)
    {
        if (FlightSize >= Cwnd)
        {
            return false;
        }

        // Zero window probing (§6.1 A): one chunk may be in flight even when the peer's window is closed.
        return FlightSize == 0 || FlightSize + chunkBytes <= PeerReceiverWindow;
    }

    public ref OutstandingChunk Get(uint tsn) => ref _ring[tsn & _mask];

    /// <summary>Assigns the next TSN to a freshly cut fragment and records it in flight.</summary>
    public uint Add(OutgoingMessage message, int offset, int length, byte flags, uint fsn, TimeSpan now)
    {
        if (NextTsn - CumulativeTsnAck - 1 >= (uint)_ring.Length)
        {
            Grow();
        }

        uint tsn = NextTsn++;
        ref OutstandingChunk c = ref _ring[tsn & _mask];
        c.Message = message;
        c.Offset = offset;
        c.Length = length;
        c.Flags = flags;
        c.Fsn = fsn;
        c.StreamId = message.StreamId;
        c.Ssn = message.Ssn;
        c.Mid = message.Mid;
        c.SentAt = now;
        c.DeliveredAtSend = _delivered;
        c.SendSequence = ++_sendSequence;
        c.Transmissions = 1;
        c.MissIndications = 0;
        c.State = OutstandingState.InFlight;
        FlightSize += length;
        if (!_rttProbeActive)
        {
            _rttProbeActive = true;
            _rttProbeTsn = tsn;
        }

        return tsn;
    }

    private void Grow()
    {
        var bigger = new OutstandingChunk[_ring.Length * 2];
        int mask = bigger.Length - 1;
        for (uint tsn = CumulativeTsnAck + 1; tsn != NextTsn; tsn++)
        {
            bigger[tsn & mask] = _ring[tsn & _mask];
        }

        _ring = bigger;
        _mask = mask;
    }

    /// <summary>Finds the next chunk to retransmit (lowest TSN first).</summary>
    public bool TryPeekRetransmission(out uint tsn)
    {
        if (RetransmitPending > 0)
        {
            if (SerialNumber.Le(_rtxScan, CumulativeTsnAck))
            {
                _rtxScan = CumulativeTsnAck + 1;
            }

            for (uint t = _rtxScan; t != NextTsn; t++)
            {
                if (_ring[t & _mask].State == OutstandingState.ToRetransmit)
                {
                    _rtxScan = t;
                    tsn = t;
                    return true;
                }
            }

            RetransmitPending = 0; // defensive: the count drifted
        }

        tsn = 0;
        return false;
    }

    /// <summary>The chunk at <paramref name="tsn"/> is being sent again.</summary>
    public void MarkRetransmitted(uint tsn, TimeSpan now)
    {
        ref OutstandingChunk c = ref _ring[tsn & _mask];
        c.State = OutstandingState.InFlight;
        c.Transmissions++;
        c.SentAt = now;
        c.SendSequence = ++_sendSequence;
        c.MissIndications = 0;
        FlightSize += c.Length;
        RetransmitPending--;
        RetransmittedChunks++;
        if (_rttProbeActive && _rttProbeTsn == tsn)
        {
            _rttProbeActive = false; // Karn: no sample from a retransmitted chunk
        }
    }

    /// <summary>True if PR-SCTP says the message of this chunk must not be sent again.</summary>
    public static bool ShouldAbandon(in OutstandingChunk c, TimeSpan now)
    {
        OutgoingMessage m = c.Message!;
        return m.Abandoned || (m.MaxRetransmits >= 0 && c.Transmissions > m.MaxRetransmits) || m.ExpiresAt <= now;
    }

    /// <summary>E1–E3 of §6.3.3: T3-rtx expired; everything in flight is lost and cwnd falls to one MTU.</summary>
    public void OnT3Expired()
    {
        T3Expirations++;
        for (uint t = CumulativeTsnAck + 1; t != NextTsn; t++)
        {
            ref OutstandingChunk c = ref _ring[t & _mask];
            if (c.State == OutstandingState.InFlight)
            {
                c.State = OutstandingState.ToRetransmit;
                FlightSize -= c.Length;
                RetransmitPending++;
            }
        }

        _rtxScan = CumulativeTsnAck + 1;
        Ssthresh = Math.Max(Math.Max(Cwnd / 2, 4L * _mtu), RateFloor);
        Cwnd = _mtu;
        _partialBytesAcked = 0;
        InFastRecovery = false;
        _rttProbeActive = false;
    }

    /// <summary>The measured bandwidth-delay product (max delivery rate × min RTT); 0 under plain RFC 9260.</summary>
    public long RateFloor
    {
        get
        {
            if (_mode != SctpCongestionControl.DeliveryRateFloor || _minRtt == TimeSpan.MaxValue)
            {
                return 0;
            }

            return (long)(Math.Max(_maxRateCurrent, _maxRatePrevious) * _minRtt.TotalSeconds);
        }
    }

    /// <summary>
    /// The least RTT rise above the minimum that counts as a standing queue. Small, because on a fast local path a
    /// full queue adds little delay (a 128 KiB socket buffer drained at 400 Mbit/s: 2.6 ms; a floor of 5 ms once made
    /// every overflow at Chromium's socket look random). Scheduling jitter above it only makes a loss count as
    /// congestion, which is plain RFC 9260 behaviour.
    /// </summary>
    private static readonly TimeSpan MinQueueSlack = TimeSpan.FromMilliseconds(1);

    /// <summary>True when the latest RTT shows a standing queue (or under plain RFC 9260, always).</summary>
    private bool LossLooksCongestive()
    {
        if (_mode != SctpCongestionControl.DeliveryRateFloor || _minRtt == TimeSpan.MaxValue)
        {
            return true;
        }

        TimeSpan slack = _minRtt / 4;
        if (slack < MinQueueSlack)
        {
            slack = MinQueueSlack;
        }

        return _latestRtt > _minRtt + slack;
    }

    /// <summary>
    /// The queueing delay above which cwnd stops growing under <see cref="SctpCongestionControl.DeliveryRateFloor"/>:
    /// a quarter of the minimum RTT, at least 2 ms. A receiver slower than the path (aiortc's Python loop, Chromium's
    /// socket process) otherwise gets cwnd grown until its socket buffer overflows — a 208 KiB buffer holds about 90
    /// packets, a few ms at its pace — and every overflow costs it a burst of retransmissions to sort out.
    /// </summary>
    private static readonly TimeSpan MinQueueDelayTarget = TimeSpan.FromMilliseconds(2);

    /// <summary>Cwnd increases held because the last round's smallest RTT showed a standing queue (for tests and stats).</summary>
    public long CwndHolds { get; private set; }

    /// <summary>
    /// True when every RTT sample of a round (one cwnd's worth of data) lay above the minimum RTT by more than the
    /// queueing-delay target: a standing queue, not a spike. The round in progress counts once it has 8 samples (as
    /// HyStart++ does, so slow start stops within the round that built the queue), else the last complete one. Under
    /// plain RFC 9260, never.
    /// </summary>
    private bool StandingQueue()
    {
        TimeSpan roundMin = _roundSamples >= 8 ? _roundMinRtt : _lastRoundMinRtt;
        if (_mode != SctpCongestionControl.DeliveryRateFloor || _minRtt == TimeSpan.MaxValue || roundMin == TimeSpan.MaxValue)
        {
            return false;
        }

        TimeSpan target = _minRtt / 4;
        if (target < MinQueueDelayTarget)
        {
            target = MinQueueDelayTarget;
        }

        return roundMin > _minRtt + target;
    }

    /// <summary>Ends the RTT round once the cumulative ack passes the TSN that was newest when the round began.</summary>
    private void AdvanceRound()
    {
        if (_roundStarted && SerialNumber.Lt(CumulativeTsnAck, _roundEndTsn))
        {
            return;
        }

        if (_roundStarted)
        {
            _lastRoundMinRtt = _roundMinRtt;
        }

        _roundStarted = true;
        _roundMinRtt = TimeSpan.MaxValue;
        _roundSamples = 0;
        _roundEndTsn = NextTsn - 1;
    }

    /// <summary>Delivery-rate and RTT samples from a chunk acknowledged for the first time (sent once only).</summary>
    private void SampleDelivery(ref OutstandingChunk c, TimeSpan now)
    {
        _delivered += c.Length;
        if (_mode != SctpCongestionControl.DeliveryRateFloor || c.Transmissions != 1)
        {
            return;
        }

        TimeSpan rtt = now - c.SentAt;
        _latestRtt = rtt;
        _roundSamples++;
        if (rtt < _roundMinRtt)
        {
            _roundMinRtt = rtt;
        }

        if (rtt < _minRtt || now - _minRttStamp > TimeSpan.FromSeconds(10))
        {
            _minRtt = rtt;
            _minRttStamp = now;
        }

        TimeSpan interval = rtt > _minRtt ? rtt : _minRtt;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        TimeSpan window = _minRtt * 10;
        if (window < TimeSpan.FromMilliseconds(100))
        {
            window = TimeSpan.FromMilliseconds(100);
        }

        if (now - _rateBucketStart > window)
        {
            _maxRatePrevious = _maxRateCurrent;
            _maxRateCurrent = 0;
            _rateBucketStart = now;
        }

        double rate = (_delivered - c.DeliveredAtSend) / interval.TotalSeconds;
        if (rate > _maxRateCurrent)
        {
            _maxRateCurrent = rate;
        }
    }

    private void AckChunk(ref OutstandingChunk c)
    {
        OutgoingMessage m = c.Message!;
        m.Unacked--;
        if (m.Unacked == 0 && m.FullyFragmented)
        {
            _sendQueue.Recycle(m);
        }
    }
}
