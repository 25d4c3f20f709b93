using Jingle.Net.Rtp.Rtcp;

namespace Jingle.Net.Rtp.Session;

/// <summary>
/// Reception statistics of one remote source, as RFC 3550 appendix A computes them: sequence validation with
/// probation (A.1), extended highest sequence number, expected / lost packets and the fraction lost per interval
/// (A.3), and interarrival jitter (A.8, §6.4.1). Arrival times are given in microseconds on the session clock.
/// </summary>
public sealed class RtpReceiverStatistics
{
    /// <summary>A.1: packets in sequence before a source is valid.</summary>
    public const int MinSequential = 2;

    /// <summary>A.1: largest forward jump accepted as loss rather than a restart.</summary>
    public const int MaxDropout = 3000;

    /// <summary>A.1: largest backward jump accepted as reordering.</summary>
    public const int MaxMisorder = 100;

    private const uint SequenceModulo = 1 << 16;

    private readonly int _clockRate;
    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private uint _badSeq;
    private int _probation;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private double _jitter;
    private long _lastTransit;
    private bool _haveTransit;
    private bool _initialized;

    public RtpReceiverStatistics(uint ssrc, int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        Ssrc = ssrc;
        _clockRate = clockRate;
    }

    public uint Ssrc { get; }

    /// <summary>The RTP clock rate jitter is computed in.</summary>
    public int ClockRate => _clockRate;

    /// <summary>True once <see cref="MinSequential"/> packets arrived in sequence (A.1 probation passed).</summary>
    public bool IsValid => _initialized && _probation == 0;

    /// <summary>Packets accepted (A.1: counted once the source is valid).</summary>
    public long PacketsReceived => _received;

    /// <summary>Extended highest sequence number received (A.3): cycles + max_seq.</summary>
    public uint ExtendedHighestSequenceNumber => _cycles + _maxSeq;

    /// <summary>A.3: extended max − base + 1.</summary>
    public long PacketsExpected => IsValid ? (long)ExtendedHighestSequenceNumber - _baseSeq + 1 : 0;

    /// <summary>A.3: cumulative packets lost (negative with duplicates), clamped to 24 bits signed on the wire.</summary>
    public long CumulativeLost => PacketsExpected - _received;

    /// <summary>Interarrival jitter in RTP timestamp units (A.8).</summary>
    public uint Jitter => (uint)_jitter;

    /// <summary>Middle 32 bits of the NTP timestamp of the last SR from this source (LSR), or 0.</summary>
    public uint LastSenderReport { get; private set; }

    /// <summary>Arrival time (µs) of that SR.</summary>
    public long LastSenderReportArrivalMicros { get; private set; }

    /// <summary>Sender Reports received from this source.</summary>
    public long SenderReportsReceived { get; private set; }

    /// <summary>The full 64-bit NTP timestamp of the last SR (the remote's clock), or 0.</summary>
    public ulong RemoteNtpTimestamp { get; private set; }

    /// <summary>The sender's packet count from its last SR.</summary>
    public uint RemotePacketsSent { get; private set; }

    /// <summary>The sender's payload octet count from its last SR.</summary>
    public uint RemoteOctetsSent { get; private set; }

    /// <summary>True if packets arrived since the last report block was made.</summary>
    public bool ReceivedSinceLastReport => _received > _receivedPrior || PacketsExpected > _expectedPrior;

    /// <summary>
    /// Records a packet (A.1 update_seq, A.8 jitter). Returns false when the packet is not (yet) counted: in
    /// probation, a duplicate-free big jump awaiting confirmation, or a very late packet.
    /// </summary>
    public bool OnPacketReceived(ushort seq, uint rtpTimestamp, long arrivalMicros)
    {
        if (!_initialized)
        {
            InitSequence(seq);
            _maxSeq = (ushort)(seq - 1);
            _probation = MinSequential;
            _initialized = true;
        }

        if (!UpdateSequence(seq))
        {
            return false;
        }

        // A.8: transit = arrival (in RTP units) - timestamp; J += (|D| - J) / 16.
        long arrival = arrivalMicros * _clockRate / 1_000_000;
        long transit = arrival - rtpTimestamp;
        if (_haveTransit)
        {
            long d = Math.Abs((int)(transit - _lastTransit));
            _jitter += (d - _jitter) / 16.0;
        }

        _lastTransit = transit;
        _haveTransit = true;
        return true;
    }

    /// <summary>Notes an SR from this source for LSR/DLSR (RFC 3550 §6.4.1).</summary>
    public void OnSenderReport(ulong ntpTimestamp, long arrivalMicros)
    {
        LastSenderReport = (uint)(ntpTimestamp >> 16);
        LastSenderReportArrivalMicros = arrivalMicros;
    }

    /// <summary>Notes an SR from this source: LSR/DLSR and the sender info (remote-outbound-rtp stats).</summary>
    public void OnSenderReport(RtcpSenderReport report, long arrivalMicros)
    {
        ArgumentNullException.ThrowIfNull(report);
        OnSenderReport(report.NtpTimestamp, arrivalMicros);
        RemoteNtpTimestamp = report.NtpTimestamp;
        RemotePacketsSent = report.PacketCount;
        RemoteOctetsSent = report.OctetCount;
        SenderReportsReceived++;
    }

    /// <summary>A report block for this source at <paramref name="nowMicros"/>; starts a new fraction-lost interval (A.3).</summary>
    public RtcpReportBlock CreateReportBlock(long nowMicros)
    {
        long expected = PacketsExpected;
        long expectedInterval = expected - _expectedPrior;
        _expectedPrior = expected;
        long receivedInterval = _received - _receivedPrior;
        _receivedPrior = _received;
        long lostInterval = expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        uint dlsr = LastSenderReport == 0 ? 0 : (uint)((nowMicros - LastSenderReportArrivalMicros) * 65536 / 1_000_000);
        int cumulative = (int)Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF);
        return new RtcpReportBlock(Ssrc, fraction, cumulative, ExtendedHighestSequenceNumber, Jitter, LastSenderReport, dlsr);
    }

    private void InitSequence(ushort seq)
    {
        _baseSeq = seq;
        _maxSeq = seq;
        _badSeq = SequenceModulo + 1; // so seq == bad_seq is false
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }

    /// <summary>RFC 3550 A.1 update_seq.</summary>
    private bool UpdateSequence(ushort seq)
    {
        ushort udelta = (ushort)(seq - _maxSeq);
        if (_probation > 0)
        {
            if (seq == (ushort)(_maxSeq + 1))
            {
                _probation--;
                _maxSeq = seq;
                if (_probation == 0)
                {
                    InitSequence(seq);
                    _received++;
                    return true;
                }
            }
            else
            {
                _probation = MinSequential - 1;
                _maxSeq = seq;
            }

            return false;
        }

        if (udelta < MaxDropout)
        {
            if (seq < _maxSeq)
            {
                _cycles += SequenceModulo;
            }

            _maxSeq = seq;
        }
        else if (udelta <= SequenceModulo - MaxMisorder)
        {
            if (seq == _badSeq)
            {
                // Two sequential packets after a large jump: the source restarted.
                InitSequence(seq);
            }
            else
            {
                _badSeq = (uint)((seq + 1) & (SequenceModulo - 1));
                return false;
            }
        }

        // else: duplicate or reordered packet, counted.
        _received++;
        return true;
    }
}
