using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;

namespace Jingle.Net.Sctp.Tx;

internal sealed partial class RetransmissionQueue
{
    private const int SlowStartMaxMtusPerSack = 8;

    /// <summary>
    /// Processes a SACK (RFC 9260 §6.2.1, §7.2). Returns false when it is stale or acknowledges TSNs never sent.
    /// <paramref name="cumulativeAdvanced"/> tells the caller to restart T3-rtx.
    /// </summary>
    public bool HandleSack(in SackChunk sack, TimeSpan now, out bool cumulativeAdvanced)
    {
        cumulativeAdvanced = false;
        uint cum = sack.CumulativeTsnAck;
        if (SerialNumber.Lt(cum, CumulativeTsnAck) || SerialNumber.Ge(cum, NextTsn))
        {
            return false;
        }

        long flightBefore = FlightSize;
        long bytesAcked = 0;
        uint htna = CumulativeTsnAck;
        bool anyNewlyAcked = false;
        long newestAckedSequence = 0;

        for (uint t = CumulativeTsnAck + 1; t != cum + 1; t++)
        {
            ref OutstandingChunk c = ref _ring[t & _mask];
            switch (c.State)
            {
                case OutstandingState.InFlight:
                    FlightSize -= c.Length;
                    bytesAcked += c.Length;
                    newestAckedSequence = Math.Max(newestAckedSequence, c.SendSequence);
                    SampleRtt(t, ref c, now);
                    SampleDelivery(ref c, now);
                    AckChunk(ref c);
                    break;
                case OutstandingState.ToRetransmit:
                    RetransmitPending--;
                    bytesAcked += c.Length;
                    _delivered += c.Length;
                    AckChunk(ref c);
                    break;
                default:
                    break;
            }

            c = default;
            htna = t;
            anyNewlyAcked = true;
        }

        cumulativeAdvanced = cum != CumulativeTsnAck;
        CumulativeTsnAck = cum;

        int gapCount = sack.GapAckBlockCount;
        for (int i = 0; i < gapCount; i++)
        {
            GapAckBlock block = sack.GetGapAckBlock(i);
            if (block.Start == 0 || block.End < block.Start)
            {
                continue;
            }

            uint end = cum + block.End;
            if (SerialNumber.Ge(end, NextTsn))
            {
                end = NextTsn - 1;
            }

            for (uint t = cum + block.Start; SerialNumber.Le(t, end); t++)
            {
                ref OutstandingChunk c = ref _ring[t & _mask];
                if (c.State == OutstandingState.InFlight)
                {
                    FlightSize -= c.Length;
                    bytesAcked += c.Length;
                    newestAckedSequence = Math.Max(newestAckedSequence, c.SendSequence);
                    SampleRtt(t, ref c, now);
                    SampleDelivery(ref c, now);
                }
                else if (c.State == OutstandingState.ToRetransmit)
                {
                    RetransmitPending--;
                    bytesAcked += c.Length;
                    _delivered += c.Length;
                }
                else
                {
                    continue;
                }

                c.State = OutstandingState.Acked;
                AckChunk(ref c);
                anyNewlyAcked = true;
                if (SerialNumber.Gt(t, htna))
                {
                    htna = t;
                }
            }
        }

        // §7.2.4 with the HTNA rule: each TSN below the highest newly acknowledged one that is still missing gets a
        // miss indication; at three it is fast-retransmitted. "Below" is by transmission order, so a retransmission
        // is only reported missing by acks of chunks sent after it (no spurious repeated fast retransmits).
        bool newLoss = false;
        if (gapCount > 0 && anyNewlyAcked)
        {
            if (GapBlocksAreOrdered(sack, gapCount))
            {
                // Only the holes between the gap blocks can hold chunks still in flight (everything inside a block is
                // acknowledged now): walk those, not every outstanding TSN — O(missing) instead of O(flight) per SACK.
                uint holeStart = cum + 1;
                for (int i = 0; i <= gapCount && SerialNumber.Lt(holeStart, htna); i++)
                {
                    uint holeEnd = htna;
                    uint next = htna;
                    if (i < gapCount)
                    {
                        GapAckBlock block = sack.GetGapAckBlock(i);
                        holeEnd = cum + block.Start;
                        next = cum + block.End + 1;
                        if (SerialNumber.Gt(holeEnd, htna))
                        {
                            holeEnd = htna;
                        }
                    }

                    for (uint t = holeStart; SerialNumber.Lt(t, holeEnd); t++)
                    {
                        newLoss |= CountMissIndication(t, newestAckedSequence);
                    }

                    holeStart = next;
                }
            }
            else
            {
                for (uint t = cum + 1; SerialNumber.Lt(t, htna); t++)
                {
                    newLoss |= CountMissIndication(t, newestAckedSequence);
                }
            }
        }

        if (InFastRecovery && SerialNumber.Ge(cum, _fastRecoveryExitPoint))
        {
            InFastRecovery = false;
        }

        if (newLoss && !InFastRecovery)
        {
            // §7.2.3; under DeliveryRateFloor a loss without a standing queue keeps cwnd, and no cut goes below the
            // measured bandwidth-delay product.
            if (LossLooksCongestive())
            {
                Ssthresh = Math.Max(Math.Max(Cwnd / 2, 4L * _mtu), RateFloor);
                Cwnd = Ssthresh;
                _partialBytesAcked = 0;
            }

            InFastRecovery = true;
            _fastRecoveryExitPoint = NextTsn - 1;
            FastRetransmitNow = true;
        }

        if (cumulativeAdvanced)
        {
            AdvanceRound();
        }

        if (cumulativeAdvanced && !InFastRecovery)
        {
            bool fullyUtilized = flightBefore + _mtu >= Cwnd;
            bool standingQueue = fullyUtilized && StandingQueue();
            if (standingQueue)
            {
                // A queue has built up at the bottleneck: more cwnd only lengthens it (DeliveryRateFloor). Slow start
                // ends here (HyStart-like); in congestion avoidance the increase waits for the queue to drain.
                CwndHolds++;
                if (Cwnd <= Ssthresh)
                {
                    Ssthresh = Cwnd - 1;
                }
            }
            else if (Cwnd <= Ssthresh)
            {
                if (fullyUtilized)
                {
                    // §7.2.1 by bytes acknowledged (RFC 3465 ABC) under DeliveryRateFloor, at most L = 8 MTUs per
                    // SACK: doubles per RTT whether the receiver SACKs every second packet or once per burst of up to
                    // 8 (SctpOptions.MaxDataPacketsPerSack); L = 1 under plain RFC 9260.
                    int l = _mode == SctpCongestionControl.DeliveryRateFloor ? SlowStartMaxMtusPerSack : 1;
                    Cwnd += Math.Min(bytesAcked, (long)l * _mtu);
                }
            }
            else
            {
                _partialBytesAcked += bytesAcked;
                if (_partialBytesAcked >= Cwnd && fullyUtilized)
                {
                    _partialBytesAcked -= Cwnd;
                    Cwnd += _mtu;
                }
            }
        }

        if (!HasOutstanding)
        {
            _partialBytesAcked = 0;
        }

        PeerReceiverWindow = sack.AdvertisedReceiverWindow;
        return true;
    }

    /// <summary>True when the gap blocks are valid, ascending and disjoint (RFC 9260 §3.3.4), as every sane peer sends them.</summary>
    private static bool GapBlocksAreOrdered(in SackChunk sack, int gapCount)
    {
        int previousEnd = 0;
        for (int i = 0; i < gapCount; i++)
        {
            GapAckBlock block = sack.GetGapAckBlock(i);
            if (block.Start <= previousEnd || block.End < block.Start)
            {
                return false;
            }

            previousEnd = block.End;
        }

        return true;
    }

    /// <summary>§7.2.4: one more miss indication for a chunk still in flight and sent before the newest acked one; true at the third (fast retransmit).</summary>
    private bool CountMissIndication(uint t, long newestAckedSequence)
    {
        ref OutstandingChunk c = ref _ring[t & _mask];
        if (c.State != OutstandingState.InFlight || c.SendSequence >= newestAckedSequence || ++c.MissIndications < 3)
        {
            return false;
        }

        c.State = OutstandingState.ToRetransmit;
        FlightSize -= c.Length;
        RetransmitPending++;
        FastRetransmits++;
        if (SerialNumber.Lt(t, _rtxScan))
        {
            _rtxScan = t;
        }

        return true;
    }

    private void SampleRtt(uint tsn, ref OutstandingChunk c, TimeSpan now)
    {
        if (_rttProbeActive && tsn == _rttProbeTsn)
        {
            _rttProbeActive = false;
            if (c.Transmissions == 1)
            {
                _rto.OnMeasurement(now - c.SentAt);
            }
        }
    }

    /// <summary>
    /// RFC 3758 §3.5: abandons every not-yet-acknowledged fragment of <paramref name="message"/> (consecutive TSNs
    /// around <paramref name="tsn"/>) and drops the part not yet cut.
    /// </summary>
    public void Abandon(uint tsn, OutgoingMessage message)
    {
        message.Abandoned = true;
        _sendQueue.AbandonCurrentIfSame(message);
        uint first = tsn;
        while (first != CumulativeTsnAck + 1 && _ring[(first - 1) & _mask].Message == message && (_ring[first & _mask].Flags & DataChunk.FlagBeginning) == 0)
        {
            first--;
        }

        for (uint t = first; t != NextTsn; t++)
        {
            ref OutstandingChunk c = ref _ring[t & _mask];
            if (c.Message != message)
            {
                break;
            }

            if (c.State == OutstandingState.InFlight)
            {
                FlightSize -= c.Length;
            }
            else if (c.State == OutstandingState.ToRetransmit)
            {
                RetransmitPending--;
            }
            else
            {
                continue;
            }

            c.State = OutstandingState.Abandoned;
            AckChunk(ref c);
        }
    }

    /// <summary>
    /// RFC 3758 §3.5 C1: the Advanced.Peer.Ack.Point, moved past abandoned chunks following the cumulative ack.
    /// </summary>
    public uint GetAdvancedPeerAckPoint()
    {
        uint point = CumulativeTsnAck;
        while (point + 1 != NextTsn && _ring[(point + 1) & _mask].State == OutstandingState.Abandoned)
        {
            point++;
        }

        return point;
    }

    /// <summary>Abandons messages whose lifetime ran out while their chunks wait in flight or for retransmission.</summary>
    public void AbandonExpired(TimeSpan now)
    {
        for (uint t = CumulativeTsnAck + 1; t != NextTsn; t++)
        {
            ref OutstandingChunk c = ref _ring[t & _mask];
            if (c.State is OutstandingState.InFlight or OutstandingState.ToRetransmit && c.Message!.ExpiresAt <= now)
            {
                Abandon(t, c.Message);
            }
        }
    }

    /// <summary>Drops everything (close or restart).</summary>
    public void Clear()
    {
        Array.Clear(_ring);
        FlightSize = 0;
        RetransmitPending = 0;
        InFastRecovery = false;
        _rttProbeActive = false;
    }
}
