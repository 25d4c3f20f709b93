using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;

namespace Jingle.Net.Sctp;

// Graceful shutdown (RFC 9260 §9.2), ABORT (§9.1) and ERROR (§3.3.10):
//
//   ESTABLISHED --Shutdown()--> SHUTDOWN-PENDING --(all acked)--SHUTDOWN--> SHUTDOWN-SENT
//   SHUTDOWN-SENT <--SHUTDOWN ACK-- ; --SHUTDOWN COMPLETE--> CLOSED
//   peer: ESTABLISHED --SHUTDOWN--> SHUTDOWN-RECEIVED --(all acked)--SHUTDOWN ACK--> SHUTDOWN-ACK-SENT
//         <--SHUTDOWN COMPLETE-- CLOSED
public sealed partial class SctpAssociation
{
    private TimeSpan _t2Deadline = TimeSpan.MaxValue;

    /// <summary>Starts a graceful shutdown: queued data is still delivered, then SHUTDOWN is sent.</summary>
    public void Shutdown(TimeSpan now)
    {
        switch (_state)
        {
            case SctpAssociationState.Established:
                TransitionTo(SctpAssociationState.ShutdownPending);
                ProgressShutdown(now);
                break;
            case SctpAssociationState.CookieWait:
            case SctpAssociationState.CookieEchoed:
                CloseInternal();
                Emit(DeferredEventKind.Closed);
                break;
        }

        FlushEvents();
        TransmitRequested?.Invoke();
    }

    /// <summary>Aborts at once: sends ABORT with a User-Initiated Abort cause (§9.1) and closes.</summary>
    public void Abort(string reason, TimeSpan now)
    {
        if (_state != SctpAssociationState.Closed)
        {
            AbortWithCause(ErrorCauseCode.UserInitiatedAbort, reason, now);
        }

        FlushEvents();
        TransmitRequested?.Invoke();
    }

    private void AbortWithCause(ErrorCauseCode code, string reason, TimeSpan now)
    {
        _ = now;
        if (_peerTag != 0)
        {
            _singlePackets.Enqueue((_peerTag, new AbortChunk(false, [ErrorCause.Create(code, reason)])));
        }

        SctpLog.Aborted(_logger, _name, reason);
        CloseInternal();
        Emit(DeferredEventKind.Aborted, reason);
    }

    /// <summary>The association failed (timeouts): the peer is told with ABORT, the user with OnAborted.</summary>
    private void Fail(string reason) => AbortWithCause(ErrorCauseCode.ProtocolViolation, reason, TimeSpan.Zero);

    private void CloseInternal()
    {
        TransitionTo(SctpAssociationState.Closed);
        ResetTransmissionState();
        _control.Clear();
        _t1Deadline = _t2Deadline = _t3Deadline = TimeSpan.MaxValue;
        _heartbeatDeadline = _heartbeatAckDeadline = _reconfigDeadline = TimeSpan.MaxValue;
        _localTag = 0;
        _peerTag = 0;
        _zeroChecksum = false;
        ApplyCapabilities(0);
        _cookieToEcho = null;
        _initChunk = null;
    }

    private void ProgressShutdown(TimeSpan now)
    {
        if (_sendQueue.HasDataToSend || _rtx.HasOutstanding)
        {
            return;
        }

        if (_state == SctpAssociationState.ShutdownPending)
        {
            _control.Add(new ShutdownChunk(_tracker.CumulativeTsn));
            TransitionTo(SctpAssociationState.ShutdownSent);
            _t2Deadline = now + _rto.Rto;
        }
        else if (_state == SctpAssociationState.ShutdownReceived)
        {
            _control.Add(ShutdownAckChunk.Instance);
            TransitionTo(SctpAssociationState.ShutdownAckSent);
            _t2Deadline = now + _rto.Rto;
        }
    }

    private bool OnShutdownReceived(ReadOnlySpan<byte> value, TimeSpan now)
    {
        if (!ShutdownChunk.TryParse(value, out ShutdownChunk? shutdown))
        {
            DropMalformed("bad SHUTDOWN");
            return false;
        }

        if (!CanReceiveSack)
        {
            return true;
        }

        // The Cumulative TSN Ack of SHUTDOWN acknowledges like a SACK without gaps (§6.2).
        Span<byte> sack = stackalloc byte[16];
        SackChunk.TryWrite(sack, shutdown!.CumulativeTsnAck, _rtx.PeerReceiverWindow, [], [], out _);
        if (SackChunk.TryParse(sack[4..], out SackChunk parsed) && _rtx.HandleSack(parsed, now, out bool advanced))
        {
            AfterAck(now, advanced);
        }

        switch (_state)
        {
            case SctpAssociationState.Established:
            case SctpAssociationState.ShutdownPending:
                TransitionTo(SctpAssociationState.ShutdownReceived);
                ProgressShutdown(now);
                break;
            case SctpAssociationState.ShutdownSent:
                // Both sides shut down at once (§9.2): answer with SHUTDOWN ACK.
                _control.Add(ShutdownAckChunk.Instance);
                TransitionTo(SctpAssociationState.ShutdownAckSent);
                _t2Deadline = now + _rto.Rto;
                break;
        }

        return true;
    }

    private bool OnShutdownAckReceived(uint verificationTag, TimeSpan now)
    {
        _ = now;
        if (_state is SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)
        {
            _singlePackets.Enqueue((_peerTag, new ShutdownCompleteChunk(false)));
            CloseInternal();
            Emit(DeferredEventKind.Closed);
            return false;
        }

        if (_state is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            // §8.4 (5): an out-of-the-blue SHUTDOWN ACK (our SHUTDOWN COMPLETE was lost): answer with the T bit set.
            _singlePackets.Enqueue((verificationTag, new ShutdownCompleteChunk(true)));
            return false;
        }

        return true;
    }

    private bool OnShutdownCompleteReceived()
    {
        if (_state == SctpAssociationState.ShutdownAckSent)
        {
            CloseInternal();
            Emit(DeferredEventKind.Closed);
            return false;
        }

        return true;
    }

    private void OnT2Expired(TimeSpan now)
    {
        if (++_errorCount > _options.MaxRetransmissions)
        {
            Fail("shutdown timed out");
            return;
        }

        _rto.Backoff();
        _t2Deadline = now + _rto.Rto;
        if (_state == SctpAssociationState.ShutdownSent)
        {
            _control.Add(new ShutdownChunk(_tracker.CumulativeTsn));
        }
        else if (_state == SctpAssociationState.ShutdownAckSent)
        {
            _control.Add(ShutdownAckChunk.Instance);
        }
        else
        {
            _t2Deadline = TimeSpan.MaxValue;
        }
    }

    private bool OnAbortReceived(byte flags, ReadOnlySpan<byte> value)
    {
        _ = flags;
        if (_state == SctpAssociationState.Closed)
        {
            return false;
        }

        string reason = "peer aborted";
        if (AbortChunk.TryParse(0, value, out AbortChunk? abort) && abort!.Causes.Count > 0)
        {
            reason = $"peer aborted: {abort.Causes[0]}";
        }

        SctpLog.Aborted(_logger, _name, reason);
        CloseInternal();
        Emit(DeferredEventKind.Aborted, reason);
        return false;
    }

    private bool OnErrorReceived(ReadOnlySpan<byte> value)
    {
        if (!ErrorChunk.TryParse(value, out ErrorChunk? error))
        {
            DropMalformed("bad ERROR");
            return false;
        }

        foreach (ErrorCause cause in error!.Causes)
        {
            SctpLog.ErrorReceived(_logger, _name, cause.Code.ToString());
            Emit(DeferredEventKind.Error, $"peer reported {cause}");
        }

        return true;
    }
}
