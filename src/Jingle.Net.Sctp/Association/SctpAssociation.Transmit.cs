using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;
using Jingle.Net.Sctp.Tx;

namespace Jingle.Net.Sctp;

public sealed partial class SctpAssociation
{
    private const int MinFragmentRoom = 128;
    private bool _forwardTsnNeeded;

    /// <summary>
    /// Writes the next packet to send into <paramref name="destination"/> (at least <see cref="SctpOptions.Mtu"/>
    /// bytes). Call until it returns false after every other call. Allocation-free in steady state.
    /// </summary>
    public bool TryPollTransmit(Span<byte> destination, TimeSpan now, out int length)
    {
        length = 0;
        if (destination.Length < _options.Mtu)
        {
            throw new ArgumentException("The buffer must hold one MTU.", nameof(destination));
        }

        Span<byte> buffer = destination[.._options.Mtu];
        if (_singlePackets.Count > 0)
        {
            (uint tag, SctpChunk single) = _singlePackets.Dequeue();
            var w = new SctpPacketWriter(buffer, _options.LocalPort, _options.RemotePort, tag);
            if (single.TryWrite(w.Free, out int n))
            {
                w.Advance(n);
                length = w.Finish(zeroChecksum: false);
                _packetsSent++;
                return true;
            }
        }

        if (_state is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            return false;
        }

        MaybeSendReconfig(now);
        var writer = new SctpPacketWriter(buffer, _options.LocalPort, _options.RemotePort, _peerTag);
        int written = 0;
        for (; written < _control.Count; written++)
        {
            SctpChunk chunk = _control[written];
            int size = chunk.GetSerializedLength();
            if (size > _options.Mtu - SctpCommonHeader.Length)
            {
                continue; // can never be sent (e.g. an echo of a huge HEARTBEAT): drop it rather than block the queue
            }

            if (size > writer.Remaining || !chunk.TryWrite(writer.Free, out int n))
            {
                break;
            }

            writer.Advance(n);
        }

        if (written > 0)
        {
            _control.RemoveRange(0, written);
        }

        bool canSendData = _state is SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived;
        bool dataWork = canSendData && HasDataWork();
        if (_tracker.AckNow || (dataWork && _tracker.DelayedAckDeadline != TimeSpan.MaxValue))
        {
            uint window = AdvertisedReceiverWindow;
            if (_tracker.GetSackLength() <= writer.Remaining && _tracker.TryWriteSack(writer.Free, window, out int n))
            {
                writer.Advance(n);
                _lastAdvertisedWindow = window;
            }
        }

        if (_forwardTsnNeeded && _peerSupportsPartialReliability)
        {
            WriteForwardTsn(ref writer);
        }

        if (dataWork)
        {
            WriteDataChunks(ref writer, now);
        }

        if (writer.IsEmpty)
        {
            return false;
        }

        length = writer.Finish(_zeroChecksum);
        _packetsSent++;
        return true;
    }

    private bool HasDataWork() =>
        (_rtx.RetransmitPending > 0 && (_rtx.FastRetransmitNow || _rtx.FlightSize < _rtx.Cwnd)) ||
        (_sendQueue.HasDataToSend && _rtx.CanSendNewData(_maxDataPayload));

    private void WriteDataChunks(ref SctpPacketWriter writer, TimeSpan now)
    {
        bool fastRetransmit = _rtx.FastRetransmitNow;
        _rtx.FastRetransmitNow = false;
        bool sent = false;
        while (_rtx.TryPeekRetransmission(out uint tsn))
        {
            ref OutstandingChunk c = ref _rtx.Get(tsn);
            if (_peerSupportsPartialReliability && c.Message!.IsPartiallyReliable && RetransmissionQueue.ShouldAbandon(c, now))
            {
                _rtx.Abandon(tsn, c.Message);
                _forwardTsnNeeded = true;
                continue;
            }

            if ((!fastRetransmit && _rtx.FlightSize >= _rtx.Cwnd) || _dataHeaderLength + c.Length > writer.Remaining)
            {
                break;
            }

            OutgoingMessage m = c.Message!;
            int n = WriteDataChunk(writer.Free, tsn, m, c.Flags, c.Fsn, m.Buffer.AsSpan(c.Offset, c.Length));
            writer.Advance(n);
            _rtx.MarkRetransmitted(tsn, now);
            _dataChunksSent++;
            sent = true;
        }

        while (_sendQueue.HasDataToSend && _rtx.RetransmitPending == 0)
        {
            int room = (writer.Remaining - _dataHeaderLength) & ~3;
            if (room < MinFragmentRoom || !_rtx.CanSendNewData(Math.Min(room, _maxDataPayload)))
            {
                break;
            }

            if (!_sendQueue.TryNextFragment(Math.Min(room, _maxDataPayload), _maxDataPayload, now, interleaving: false, out OutgoingMessage m, out int offset, out int len))
            {
                break;
            }

            byte flags = 0;
            if (offset == 0)
            {
                flags |= DataChunk.FlagBeginning;
            }

            if (offset + len == m.Length)
            {
                flags |= DataChunk.FlagEnding;
            }

            if (m.Unordered)
            {
                flags |= DataChunk.FlagUnordered;
            }

            uint tsn = _rtx.Add(m, offset, len, flags, m.FragmentCount - 1, now);
            int n = WriteDataChunk(writer.Free, tsn, m, flags, m.FragmentCount - 1, m.Buffer.AsSpan(offset, len));
            writer.Advance(n);
            _dataChunksSent++;
            sent = true;
        }

        if (sent && _t3Deadline == TimeSpan.MaxValue)
        {
            _t3Deadline = now + _rto.Rto;
        }
    }

    /// <summary>Writes DATA, or I-DATA (RFC 8260) when negotiated: MID and FSN instead of SSN, PPID only in the first fragment.</summary>
    private int WriteDataChunk(Span<byte> destination, uint tsn, OutgoingMessage m, byte flags, uint fsn, ReadOnlySpan<byte> data)
    {
        int n;
        if (_interleaving)
        {
            uint ppidOrFsn = (flags & DataChunk.FlagBeginning) != 0 ? m.Ppid : fsn;
            IDataChunk.TryWrite(destination, tsn, m.StreamId, m.Mid, ppidOrFsn, flags, data, out n);
        }
        else
        {
            DataChunk.TryWrite(destination, tsn, m.StreamId, m.Ssn, m.Ppid, flags, data, out n);
        }

        return n;
    }

    /// <summary>RFC 3758 §3.5 C2/C3: tell the peer to move its cumulative TSN past abandoned chunks.</summary>
    private void WriteForwardTsn(ref SctpPacketWriter writer)
    {
        uint point = _rtx.GetAdvancedPeerAckPoint();
        if (point == _rtx.CumulativeTsnAck)
        {
            _forwardTsnNeeded = false;
            return;
        }

        if (_interleaving)
        {
            WriteIForwardTsn(ref writer, point);
            return;
        }

        var skipped = new List<ForwardTsnChunk.SkippedStream>();
        for (uint t = _rtx.CumulativeTsnAck + 1; SerialNumber.Le(t, point); t++)
        {
            ref OutstandingChunk c = ref _rtx.Get(t);
            if (c.State == OutstandingState.Empty || (c.Flags & DataChunk.FlagUnordered) != 0)
            {
                continue;
            }

            int i = 0;
            while (i < skipped.Count && skipped[i].StreamId != c.StreamId)
            {
                i++;
            }

            if (i == skipped.Count)
            {
                skipped.Add(new ForwardTsnChunk.SkippedStream(c.StreamId, c.Ssn));
            }
            else if (SerialNumber.Gt(c.Ssn, skipped[i].Ssn))
            {
                skipped[i] = new ForwardTsnChunk.SkippedStream(c.StreamId, c.Ssn);
            }
        }

        var chunk = new ForwardTsnChunk(point, skipped);
        if (chunk.GetSerializedLength() <= writer.Remaining && chunk.TryWrite(writer.Free, out int n))
        {
            writer.Advance(n);
            _forwardTsnNeeded = false;
        }
    }

    /// <summary>RFC 8260 §2.3: I-FORWARD-TSN names the largest abandoned MID per stream and ordering.</summary>
    private void WriteIForwardTsn(ref SctpPacketWriter writer, uint point)
    {
        var skipped = new List<IForwardTsnChunk.SkippedMessage>();
        for (uint t = _rtx.CumulativeTsnAck + 1; SerialNumber.Le(t, point); t++)
        {
            ref OutstandingChunk c = ref _rtx.Get(t);
            if (c.State == OutstandingState.Empty)
            {
                continue;
            }

            bool unordered = (c.Flags & DataChunk.FlagUnordered) != 0;
            int i = 0;
            while (i < skipped.Count && (skipped[i].StreamId != c.StreamId || skipped[i].Unordered != unordered))
            {
                i++;
            }

            if (i == skipped.Count)
            {
                skipped.Add(new IForwardTsnChunk.SkippedMessage(c.StreamId, unordered, c.Mid));
            }
            else if (SerialNumber.Gt(c.Mid, skipped[i].Mid))
            {
                skipped[i] = new IForwardTsnChunk.SkippedMessage(c.StreamId, unordered, c.Mid);
            }
        }

        var chunk = new IForwardTsnChunk(point, skipped);
        if (chunk.GetSerializedLength() <= writer.Remaining && chunk.TryWrite(writer.Free, out int n))
        {
            writer.Advance(n);
            _forwardTsnNeeded = false;
        }
    }
}
