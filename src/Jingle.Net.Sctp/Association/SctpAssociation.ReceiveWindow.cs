namespace Jingle.Net.Sctp;

// Receive-window auto-tuning: the window advertised in SACKs grows with what the peer shows it needs, instead of
// offering the whole receive buffer from the first SACK (see SctpOptions.ReceiveWindowAutoTuning).
public sealed partial class SctpAssociation
{
    /// <summary>Shortest measuring interval: batching on either side makes shorter rates meaningless.</summary>
    private static readonly TimeSpan MinReceiveEpoch = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// A COOKIE ECHO later than this after our INIT ACK may be a T1-cookie retransmission (RTO.Initial is 500 ms in
    /// dcSCTP and here, 1 s in RFC 9260), whose time says nothing about the path (Karn): no sample.
    /// </summary>
    private static readonly TimeSpan MaxCookieRttSample = TimeSpan.FromMilliseconds(250);

    private long _receiveWindow;
    private long _receiveEpochBytes;
    private long _previousEpochBytes = -1;
    private TimeSpan _receiveEpochStart = TimeSpan.MaxValue;
    private TimeSpan _pathMinRtt = TimeSpan.MaxValue;
    private TimeSpan _t1SentAt;
    private int _receiveWindowGrowths;

    /// <summary>The largest window advertised: the auto-tuned window, or <see cref="SctpOptions.MaxReceiverWindow"/>.</summary>
    private long ReceiveWindowLimit => _receiveWindow;

    private void ResetReceiveWindow()
    {
        _receiveWindow = _options.ReceiveWindowAutoTuning
            ? Math.Min(_options.MaxReceiverWindow, Math.Max(_options.InitialReceiveWindow, (long)_options.MaxMessageSize + (8L * _options.Mtu)))
            : _options.MaxReceiverWindow;
        _receiveEpochBytes = 0;
        _previousEpochBytes = -1;
        _receiveEpochStart = TimeSpan.MaxValue;
        _receiveWindowGrowths = 0;
    }

    /// <summary>
    /// The path under the association changed (a new ICE candidate pair, an ICE restart): the RTT measured so far may
    /// not hold for it. Auto-tuning stops (the window becomes <see cref="SctpOptions.MaxReceiverWindow"/>, as the
    /// tuned window never shrinks) and SACK coalescing waits for a new RTT sample (HEARTBEAT) that shows a short path.
    /// </summary>
    public void OnPathChanged()
    {
        _pathMinRtt = TimeSpan.MaxValue;
        if (_receiveWindow < _options.MaxReceiverWindow)
        {
            _receiveWindow = _options.MaxReceiverWindow;
            SctpLog.ReceiveWindowTuningStopped(_logger, _name, "path changed");
        }
    }

    /// <summary>
    /// SACKs may cover more than two DATA packets (<see cref="SctpOptions.MaxDataPacketsPerSack"/>) only on a path
    /// whose measured RTT is at most <see cref="SctpOptions.SackCoalescingMaxRtt"/>.
    /// </summary>
    private bool SackCoalescingAllowed => _pathMinRtt <= _options.SackCoalescingMaxRtt;

    /// <summary>
    /// An RTT sample answered at once by the peer: the handshake (INIT → INIT ACK, COOKIE ECHO → COOKIE ACK, INIT ACK →
    /// COOKIE ECHO) and HEARTBEAT → HEARTBEAT ACK. Not DATA → SACK: a lone DATA chunk may wait for the peer's delayed
    /// SACK (up to 200 ms), which would stretch the measuring interval and let the window grow without need.
    /// </summary>
    private void OnPathRttSample(TimeSpan rtt)
    {
        if (rtt >= TimeSpan.Zero && rtt < _pathMinRtt)
        {
            _pathMinRtt = rtt;
        }
    }

    /// <summary>
    /// Counts <paramref name="bytes"/> of new DATA and, at the end of each interval of one RTT (at least
    /// <see cref="MinReceiveEpoch"/>), grows the window when the peer sent at least half of it in that interval and in
    /// the one before (one busy interval after a stall of our thread is not enough): to twice what arrived in the
    /// last one, at most double per interval (as fast as the sender's slow start), up to
    /// <see cref="SctpOptions.MaxReceiverWindow"/>. A sender held back by the window fills it every RTT and so doubles
    /// it; a sender held back by anything else (its congestion window, a bottleneck, our CPU) sends less than half of
    /// it per RTT, and the window stays where a slow-start overshoot cannot reach much beyond twice the rate × RTT.
    /// </summary>
    private void OnDataBytesReceived(int bytes, TimeSpan now)
    {
        if (_receiveWindow >= _options.MaxReceiverWindow)
        {
            return;
        }

        if (_receiveEpochStart == TimeSpan.MaxValue)
        {
            _receiveEpochStart = now;
            _receiveEpochBytes = bytes;
            return;
        }

        TimeSpan rtt = _pathMinRtt;
        if (rtt == TimeSpan.MaxValue)
        {
            // No RTT known (the handshake was retransmitted and nothing was measured yet): no basis to tune on.
            _receiveWindow = _options.MaxReceiverWindow;
            SctpLog.ReceiveWindowTuningStopped(_logger, _name, "no RTT sample");
            return;
        }

        TimeSpan epoch = rtt > MinReceiveEpoch ? rtt : MinReceiveEpoch;
        TimeSpan elapsed = now - _receiveEpochStart;
        if (elapsed < epoch)
        {
            _receiveEpochBytes += bytes;
            return;
        }

        long perEpoch = (long)(_receiveEpochBytes * (epoch.TotalSeconds / elapsed.TotalSeconds));
        long previous = _previousEpochBytes;
        _previousEpochBytes = perEpoch;
        _receiveEpochStart = now;
        _receiveEpochBytes = bytes;
        if (previous < 0 || 2 * perEpoch < _receiveWindow || 2 * previous < _receiveWindow)
        {
            return;
        }

        long grown = Math.Min(2 * _receiveWindow, 2 * perEpoch);
        if (grown > _receiveWindow)
        {
            _receiveWindow = Math.Min(grown, _options.MaxReceiverWindow);
            _receiveWindowGrowths++;
            SctpLog.ReceiveWindowGrown(_logger, _name, _receiveWindow, perEpoch, epoch.TotalMilliseconds);
        }
    }
}
