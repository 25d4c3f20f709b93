using System.Buffers;
using Jingle.Net.Sctp;
using Jingle.Net.Sctp.DataChannels;

namespace Jingle.Net;

/// <summary>The worker-thread half: binding to the SCTP channel, the send queue, and events posted to signaling.</summary>
public sealed partial class RtcDataChannel
{
    private bool _flushing;

    /// <summary>Binds the SCTP channel (worker thread).</summary>
    internal void Bind(DataChannel sctp)
    {
        _sctp = sctp;
        ushort id = sctp.Id;
        _signaling.Post(static s => s.Channel.Id = s.Id, new IdUpdate(this, id));
        sctp.Opened += _ =>
        {
            ApplyThreshold();
            _signaling.Post(static c => c.RaiseOpened(), this);
        };
        sctp.MessageReceived += OnSctpMessage;
        sctp.BufferedAmountLow += _ => OnSctpBufferedAmountLow();
        sctp.Closing += _ => _signaling.Post(static c => c.RaiseClosing(), this);
        sctp.Closed += _ => OnSctpClosed();
        sctp.Error += (_, error) => _signaling.Post(static s => s.Channel.Error?.Invoke(s.Channel, s.Text), new TextEvent(this, error));
        if (sctp.State == DataChannelState.Open)
        {
            ApplyThreshold();
            _signaling.Post(static c => c.RaiseOpened(), this);
        }

        if (_readyState == DataChannelState.Closing)
        {
            CloseOnWorker();
        }
    }

    /// <summary>The transport went away: the channel closes without a stream reset (worker thread).</summary>
    internal void Abandon() => OnSctpClosed();

    private void OnSctpMessage(DataChannel channel, in DataChannelMessage message)
    {
        Interlocked.Increment(ref _messagesReceived);
        Interlocked.Add(ref _bytesReceived, message.Data.Length);
        var args = new DataChannelMessageEventArgs(message.IsText, message.Data.ToArray());

        // Until the application's handler has run on the signaling thread, the message counts against the receive
        // window the association advertises (RFC 9260 §6.2.1): a slow handler closes the window and the peer waits,
        // instead of the queue to the signaling thread growing without bound.
        channel.HoldReceivedBytes(args.Data.Length);
        _signaling.Post(static s => s.Channel.DeliverMessage(s), new MessageEvent(this, channel, args));
    }

    /// <summary>Signaling thread: raises MessageReceived, then gives the bytes back to the receive window.</summary>
    private void DeliverMessage(MessageEvent e)
    {
        try
        {
            MessageReceived?.Invoke(this, e.Args);
        }
        finally
        {
            _worker.Post(static s => s.Sctp.ReleaseReceivedBytes(s.Args.Data.Length), e);
        }
    }

    private void OnSctpBufferedAmountLow()
    {
        Flush();
    }

    private void OnSctpClosed()
    {
        while (_outgoing.TryDequeue(out OutgoingMessage dropped))
        {
            Release(dropped);
        }

        Interlocked.Exchange(ref _queued, 0);
        Interlocked.Exchange(ref _sctpBuffered, 0);
        _signaling.Post(static c => c.RaiseClosed(), this);
    }

    private void CloseOnWorker()
    {
        if (_sctp is null)
        {
            return;   // bound later: Bind closes it; never bound: the connection's close raises Closed
        }

        _sctp.Close();
    }

    private void ApplyThreshold()
    {
        if (_sctp is { State: DataChannelState.Open } sctp)
        {
            // Half the association's send buffer at most, so a full buffer always drains through the threshold.
            sctp.BufferedAmountLowThreshold = Math.Min(BufferedAmountLowThreshold, 8L * 1024 * 1024);
            Flush();   // refreshes the association's amount and raises BufferedAmountLow if already below
        }
    }

    /// <summary>Hands queued messages to the association while it takes them (worker thread).</summary>
    private void Flush()
    {
        Volatile.Write(ref _flushScheduled, 0);
        DataChannel? sctp = _sctp;
        if (sctp is null || _flushing)
        {
            return;   // not bound yet, or re-entered from the association's BufferedAmountLow inside Send
        }

        _flushing = true;
        try
        {
            FlushQueue(sctp);
        }
        finally
        {
            _flushing = false;
        }

        Interlocked.Exchange(ref _sctpBuffered, sctp.BufferedAmount);
        if (_aboveThreshold && BufferedAmount <= BufferedAmountLowThreshold)
        {
            _aboveThreshold = false;
            _signaling.Post(static c => c.BufferedAmountLow?.Invoke(c, EventArgs.Empty), this);
        }
    }

    private void FlushQueue(DataChannel sctp)
    {
        while (_outgoing.TryPeek(out OutgoingMessage message))
        {
            SctpSendStatus status = message.Text is { } text
                ? sctp.Send(text)
                : sctp.Send(message.Buffer.AsSpan(0, message.Length));
            if (status == SctpSendStatus.BufferFull)
            {
                break;   // the association's BufferedAmountLow resumes us
            }

            _outgoing.TryDequeue(out _);
            Release(message);
            Interlocked.Add(ref _queued, -message.Length);
            if (status == SctpSendStatus.Success)
            {
                Interlocked.Increment(ref _messagesSent);
                Interlocked.Add(ref _bytesSent, message.Length);
            }
            else
            {
                _signaling.Post(static s => s.Channel.Error?.Invoke(s.Channel, s.Text), new TextEvent(this, "send failed: " + status));
            }
        }
    }

    private static void Release(OutgoingMessage message)
    {
        if (message.Buffer is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void RaiseOpened()
    {
        if (_readyState != DataChannelState.Connecting)
        {
            return;
        }

        _readyState = DataChannelState.Open;
        Opened?.Invoke(this, EventArgs.Empty);
    }

    private void RaiseClosing()
    {
        if (_readyState == DataChannelState.Closed)
        {
            return;
        }

        _readyState = DataChannelState.Closing;
        Closing?.Invoke(this, EventArgs.Empty);
    }

    private void RaiseClosed()
    {
        if (_readyState == DataChannelState.Closed)
        {
            return;
        }

        _readyState = DataChannelState.Closed;
        Closed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Marks the channel closed when the connection closes before it was ever bound (signaling thread).</summary>
    internal void CloseUnbound() => RaiseClosed();

    private sealed record IdUpdate(RtcDataChannel Channel, ushort Id);

    private sealed record MessageEvent(RtcDataChannel Channel, DataChannel Sctp, DataChannelMessageEventArgs Args);

    private sealed record TextEvent(RtcDataChannel Channel, string Text);
}
