using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;
using Jingle.Net.Sctp.Parameters;

namespace Jingle.Net.Sctp;

// Stream reset (RFC 6525 §5.1.2, §5.2.2), used to close data channels (RFC 8831 §6.7):
//   sender:   ResetStreams -> wait until the streams' queued messages are sent -> RE-CONFIG [Outgoing SSN Reset
//             Request, last assigned TSN] -> response Performed -> SSNs restart at 0, OnStreamsResetPerformed
//   receiver: once its cumulative TSN reaches that TSN, resets the incoming streams, OnIncomingStreamsReset,
//             and answers Performed (In Progress before that; the sender retries).
public sealed partial class SctpAssociation
{
    private readonly List<ushort> _streamsToReset = [];
    private OutgoingSsnResetRequestParameter? _reconfigInFlight;
    private OutgoingSsnResetRequestParameter? _deferredIncomingReset;
    private TimeSpan _reconfigDeadline = TimeSpan.MaxValue;
    private uint _nextRequestSequence;
    private uint _peerNextRequestSequence;
    private ReconfigurationResult _lastResponseResult;

    private void ResetReconfigState()
    {
        _streamsToReset.Clear();
        _reconfigInFlight = null;
        _deferredIncomingReset = null;
        _reconfigDeadline = TimeSpan.MaxValue;
    }

    private void InitializeReconfig()
    {
        _nextRequestSequence = _localInitialTsn;
        _peerNextRequestSequence = _peerInitialTsn;
        _lastResponseResult = ReconfigurationResult.SuccessNothingToDo;
    }

    /// <summary>
    /// Resets outgoing streams (RFC 6525): their sequence numbers restart at 0 once the peer has all data sent on
    /// them. Returns false when not established or the peer does not support RE-CONFIG.
    /// </summary>
    public bool ResetStreams(ReadOnlySpan<ushort> outgoingStreamIds, TimeSpan now)
    {
        if (_state != SctpAssociationState.Established || !_peerSupportsReconfig)
        {
            return false;
        }

        foreach (ushort id in outgoingStreamIds)
        {
            if (!_streamsToReset.Contains(id))
            {
                _streamsToReset.Add(id);
            }
        }

        MaybeSendReconfig(now);
        FlushEvents();
        TransmitRequested?.Invoke();
        return true;
    }

    private void MaybeSendReconfig(TimeSpan now)
    {
        if (_reconfigInFlight is not null || _streamsToReset.Count == 0 || _state != SctpAssociationState.Established)
        {
            return;
        }

        foreach (ushort id in _streamsToReset)
        {
            if (!_sendQueue.IsStreamDrained(id))
            {
                return; // queued messages go out first
            }
        }

        ushort[] streams = [.. _streamsToReset];
        _streamsToReset.Clear();
        foreach (ushort id in streams)
        {
            _sendQueue.Pause(id);
        }

        _reconfigInFlight = new OutgoingSsnResetRequestParameter(_nextRequestSequence, _peerNextRequestSequence - 1, _rtx.NextTsn - 1, streams);
        _control.Add(new ReConfigChunk([_reconfigInFlight]));
        _reconfigDeadline = now + _rto.Rto;
        SctpLog.StreamReset(_logger, _name, "requested", streams.Length);
    }

    private void OnReconfigTimerExpired(TimeSpan now)
    {
        _reconfigDeadline = TimeSpan.MaxValue;
        if (_reconfigInFlight is null)
        {
            return;
        }

        if (++_errorCount > _options.MaxRetransmissions)
        {
            Fail("stream reset unanswered");
            return;
        }

        _control.Add(new ReConfigChunk([_reconfigInFlight]));
        _reconfigDeadline = now + _rto.Rto;
    }

    private bool OnReConfigReceived(ReadOnlySpan<byte> value, TimeSpan now)
    {
        if (!ReConfigChunk.TryParse(value, out ReConfigChunk? chunk))
        {
            DropMalformed("bad RE-CONFIG");
            return false;
        }

        if (_state is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            return true;
        }

        foreach (SctpParameter parameter in chunk!.Parameters)
        {
            switch (parameter)
            {
                case OutgoingSsnResetRequestParameter request:
                    OnOutgoingResetRequest(request);
                    break;
                case ReconfigurationResponseParameter response:
                    OnReconfigResponse(response, now);
                    break;
                case IncomingSsnResetRequestParameter incoming:
                    _control.Add(new ReConfigChunk([new ReconfigurationResponseParameter(incoming.RequestSequenceNumber, ReconfigurationResult.Denied)]));
                    break;
            }
        }

        return true;
    }

    private void OnOutgoingResetRequest(OutgoingSsnResetRequestParameter request)
    {
        ReconfigurationResult result;
        if (request.RequestSequenceNumber == _peerNextRequestSequence)
        {
            if (SerialNumber.Le(request.SendersLastAssignedTsn, _tracker.CumulativeTsn))
            {
                PerformIncomingReset(request.Streams);
                _peerNextRequestSequence++;
                result = _lastResponseResult = ReconfigurationResult.SuccessPerformed;
                _deferredIncomingReset = null;
            }
            else
            {
                _deferredIncomingReset = request;
                result = ReconfigurationResult.InProgress;
            }
        }
        else if (request.RequestSequenceNumber == _peerNextRequestSequence - 1)
        {
            result = _lastResponseResult; // a retransmission of the request we already performed
        }
        else
        {
            result = ReconfigurationResult.ErrorBadSequenceNumber;
        }

        _control.Add(new ReConfigChunk([new ReconfigurationResponseParameter(request.RequestSequenceNumber, result)]));
    }

    private void RetryDeferredIncomingReset()
    {
        if (_deferredIncomingReset is { } request && SerialNumber.Le(request.SendersLastAssignedTsn, _tracker.CumulativeTsn))
        {
            OnOutgoingResetRequest(request);
        }
    }

    private void PerformIncomingReset(ushort[] streams)
    {
        foreach (ushort id in streams)
        {
            _reassembly.ResetStream(id);
            _interleavedReassembly.ResetStream(id);
        }

        SctpLog.StreamReset(_logger, _name, "incoming", streams.Length);
        Emit(DeferredEventKind.IncomingStreamsReset, streams: streams);
    }

    private void OnReconfigResponse(ReconfigurationResponseParameter response, TimeSpan now)
    {
        if (_reconfigInFlight is null || response.ResponseSequenceNumber != _reconfigInFlight.RequestSequenceNumber)
        {
            return;
        }

        switch (response.Result)
        {
            case ReconfigurationResult.InProgress:
                _reconfigDeadline = now + _rto.Rto; // retry the same request later
                return;
            case ReconfigurationResult.SuccessPerformed:
            case ReconfigurationResult.SuccessNothingToDo:
                foreach (ushort id in _reconfigInFlight.Streams)
                {
                    _sendQueue.ResetAndResume(id);
                }

                Emit(DeferredEventKind.StreamsResetPerformed, streams: _reconfigInFlight.Streams);
                break;
            default:
                foreach (ushort id in _reconfigInFlight.Streams)
                {
                    _sendQueue.Resume(id);
                }

                Emit(DeferredEventKind.Error, $"stream reset refused: {response.Result}");
                break;
        }

        _reconfigInFlight = null;
        _reconfigDeadline = TimeSpan.MaxValue;
        _nextRequestSequence++;
        MaybeSendReconfig(now);
    }
}
