using System.Buffers.Binary;
using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Parameters;

namespace Jingle.Net.Sctp;

// Timers (RFC 9260 §6.3, §8.3): T1-init/T1-cookie, T2-shutdown, T3-rtx, delayed SACK, HEARTBEAT, RE-CONFIG.
// There are no real timers: NextTimeout says when to call HandleTimeout.
public sealed partial class SctpAssociation
{
    private TimeSpan _t3Deadline = TimeSpan.MaxValue;
    private TimeSpan _heartbeatDeadline = TimeSpan.MaxValue;
    private TimeSpan _heartbeatAckDeadline = TimeSpan.MaxValue;

    /// <summary>Runs every timer whose deadline is at or before <paramref name="now"/>.</summary>
    public void HandleTimeout(TimeSpan now)
    {
        if (now >= _t1Deadline)
        {
            OnT1Expired(now);
        }

        if (now >= _t2Deadline)
        {
            OnT2Expired(now);
        }

        if (now >= _t3Deadline)
        {
            OnT3Expired(now);
        }

        if (now >= _tracker.DelayedAckDeadline)
        {
            _tracker.OnDelayedAckTimeout();
        }

        if (now >= _heartbeatAckDeadline)
        {
            _heartbeatAckDeadline = TimeSpan.MaxValue;
            if (++_errorCount > _options.MaxRetransmissions)
            {
                Fail("peer unreachable (heartbeats unanswered)");
            }
            else
            {
                _rto.Backoff();
            }
        }

        if (now >= _heartbeatDeadline)
        {
            SendHeartbeat(now);
        }

        if (now >= _reconfigDeadline)
        {
            OnReconfigTimerExpired(now);
        }

        FlushEvents();
    }

    /// <summary>§6.3.3: T3-rtx expired.</summary>
    private void OnT3Expired(TimeSpan now)
    {
        _t3Deadline = TimeSpan.MaxValue;
        if (!_rtx.HasOutstanding)
        {
            return;
        }

        if (++_errorCount > _options.MaxRetransmissions)
        {
            Fail("peer unreachable (too many retransmissions)");
            return;
        }

        _rto.Backoff();
        SctpLog.T3Expired(_logger, _name, _rto.Rto.TotalMilliseconds);
        _rtx.OnT3Expired();
        if (_anyPartiallyReliableSent && _peerSupportsPartialReliability)
        {
            _rtx.AbandonExpired(now);
            _forwardTsnNeeded = true;
        }

        _t3Deadline = now + _rto.Rto;
    }

    private void SendHeartbeat(TimeSpan now)
    {
        if (_state != SctpAssociationState.Established)
        {
            _heartbeatDeadline = TimeSpan.MaxValue;
            return;
        }

        byte[] info = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(info, now.Ticks);
        _control.Add(new HeartbeatRequestChunk(new HeartbeatInfoParameter(info)));
        _heartbeatAckDeadline = now + _rto.Rto;
        _heartbeatDeadline = now + _options.HeartbeatInterval + _rto.Rto;
    }

    private bool OnHeartbeatReceived(ReadOnlySpan<byte> value)
    {
        if (!HeartbeatRequestChunk.TryParse(value, out HeartbeatRequestChunk? request))
        {
            DropMalformed("bad HEARTBEAT");
            return false;
        }

        if (_state != SctpAssociationState.Closed)
        {
            _control.Add(new HeartbeatAckChunk(request!.Info));
        }

        return true;
    }

    private bool OnHeartbeatAckReceived(ReadOnlySpan<byte> value, TimeSpan now)
    {
        if (!HeartbeatAckChunk.TryParse(value, out HeartbeatAckChunk? ack))
        {
            DropMalformed("bad HEARTBEAT ACK");
            return false;
        }

        if (ack!.Info.Value.Length == 8 && _heartbeatAckDeadline != TimeSpan.MaxValue)
        {
            var sent = TimeSpan.FromTicks(BinaryPrimitives.ReadInt64BigEndian(ack.Info.Value));
            if (sent <= now && sent > now - _options.RtoMax) // compared before subtracting: a forged time cannot overflow
            {
                _rto.OnMeasurement(now - sent);
                OnPathRttSample(now - sent);
            }

            _heartbeatAckDeadline = TimeSpan.MaxValue;
            _errorCount = 0;
        }

        return true;
    }
}
