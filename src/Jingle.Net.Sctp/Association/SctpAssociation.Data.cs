using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;

namespace Jingle.Net.Sctp;

// DATA in, SACK in, FORWARD TSN in (RFC 9260 §6, RFC 3758 §3.6).
public sealed partial class SctpAssociation
{
    private const uint MaxTsnDistance = 65535;

    private bool CanReceiveData => _state is SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent;

    private bool CanReceiveSack => _state is SctpAssociationState.Established or SctpAssociationState.ShutdownPending
        or SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownReceived or SctpAssociationState.ShutdownAckSent;

    private bool OnDataReceived(in SctpChunkView chunk, TimeSpan now, ref bool immediate)
    {
        if (!DataChunk.TryParse(chunk.Flags, chunk.Value, out DataChunk data))
        {
            DropMalformed("short DATA");
            return false;
        }

        if (!CanReceiveData)
        {
            return true;
        }

        if (data.UserData.IsEmpty)
        {
            // §6.2: a DATA chunk with no user data aborts the association.
            AbortWithCause(ErrorCauseCode.NoUserData, "DATA chunk without user data", now);
            return false;
        }

        _dataChunksReceived++;
        immediate |= data.IsImmediate;
        uint tsn = data.Tsn;
        if (!_tracker.IsNew(tsn))
        {
            _tracker.RecordDuplicate(tsn);
            return true;
        }

        if (tsn - _tracker.CumulativeTsn > MaxTsnDistance)
        {
            return true; // far outside any window we advertised: drop
        }

        if (ReceiveBufferUsed + data.UserData.Length > _options.MaxReceiverWindow && SerialNumber.Gt(tsn, _tracker.HighestTsn))
        {
            _dataChunksDroppedWindowFull++;
            _tracker.RequestAck(); // §6.2: buffer full, drop and report the window
            return true;
        }

        _tracker.Record(tsn);
        OnDataBytesReceived(data.UserData.Length, now);
        _reassembly.Add(tsn, data);
        return true;
    }

    private bool OnSackReceived(ReadOnlySpan<byte> value, TimeSpan now)
    {
        if (!SackChunk.TryParse(value, out SackChunk sack))
        {
            DropMalformed("bad SACK");
            return false;
        }

        if (!CanReceiveSack)
        {
            return true;
        }

        if (!_rtx.HandleSack(sack, now, out bool advanced))
        {
            return true;
        }

        AfterAck(now, advanced);
        return true;
    }

    private void AfterAck(TimeSpan now, bool advanced)
    {
        _errorCount = 0;
        if (!_rtx.HasOutstanding)
        {
            _t3Deadline = TimeSpan.MaxValue;
        }
        else if (advanced || _t3Deadline == TimeSpan.MaxValue)
        {
            _t3Deadline = now + _rto.Rto;
        }

        if (_anyPartiallyReliableSent && _peerSupportsPartialReliability)
        {
            _rtx.AbandonExpired(now);
            if (_rtx.GetAdvancedPeerAckPoint() != _rtx.CumulativeTsnAck)
            {
                _forwardTsnNeeded = true;
            }
        }

        ProgressShutdown(now);
    }

    private bool OnForwardTsnReceived(ReadOnlySpan<byte> value)
    {
        if (!ForwardTsnChunk.TryParse(value, out ForwardTsnChunk? forward))
        {
            DropMalformed("bad FORWARD TSN");
            return false;
        }

        if (!CanReceiveData || !_peerSupportsPartialReliability)
        {
            return true;
        }

        uint newCum = forward!.NewCumulativeTsn;
        if (SerialNumber.Gt(newCum, _tracker.CumulativeTsn) && newCum - _tracker.CumulativeTsn <= MaxTsnDistance)
        {
            _tracker.ForwardTo(newCum);
            _reassembly.HandleForwardTsn(newCum, forward.Skipped);
            RetryDeferredIncomingReset();
        }

        _tracker.RequestAck();
        return true;
    }

    /// <summary>I-DATA (RFC 8260 §2.1): like DATA, reassembled by (stream, U, MID) and FSN.</summary>
    private bool OnIDataReceived(in SctpChunkView chunk, TimeSpan now, ref bool immediate)
    {
        if (!IDataChunk.TryParse(chunk.Flags, chunk.Value, out IDataChunk data))
        {
            DropMalformed("short I-DATA");
            return false;
        }

        if (!CanReceiveData || !_interleaving)
        {
            return true;
        }

        if (data.UserData.IsEmpty)
        {
            AbortWithCause(ErrorCauseCode.NoUserData, "I-DATA chunk without user data", now);
            return false;
        }

        _dataChunksReceived++;
        immediate |= data.IsImmediate;
        uint tsn = data.Tsn;
        if (!_tracker.IsNew(tsn))
        {
            _tracker.RecordDuplicate(tsn);
            return true;
        }

        if (tsn - _tracker.CumulativeTsn > MaxTsnDistance)
        {
            return true;
        }

        if (ReceiveBufferUsed + data.UserData.Length > _options.MaxReceiverWindow && SerialNumber.Gt(tsn, _tracker.HighestTsn))
        {
            _dataChunksDroppedWindowFull++;
            _tracker.RequestAck();
            return true;
        }

        _tracker.Record(tsn);
        OnDataBytesReceived(data.UserData.Length, now);
        _interleavedReassembly.Add(data);
        return true;
    }

    private bool OnIForwardTsnReceived(ReadOnlySpan<byte> value)
    {
        if (!IForwardTsnChunk.TryParse(value, out IForwardTsnChunk? forward))
        {
            DropMalformed("bad I-FORWARD-TSN");
            return false;
        }

        if (!CanReceiveData || !_interleaving || !_peerSupportsPartialReliability)
        {
            return true;
        }

        uint newCum = forward!.NewCumulativeTsn;
        if (SerialNumber.Gt(newCum, _tracker.CumulativeTsn) && newCum - _tracker.CumulativeTsn <= MaxTsnDistance)
        {
            _tracker.ForwardTo(newCum);
            _interleavedReassembly.HandleForwardTsn(forward.Skipped);
            RetryDeferredIncomingReset();
        }

        _tracker.RequestAck();
        return true;
    }
}
