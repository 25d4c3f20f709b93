using Jingle.Net.Ice.Transport;

namespace Jingle.Net.Ice.Dtls;

/// <summary>RFC 7983 demultiplexing of received packets and the send paths.</summary>
public sealed partial class DtlsTransport
{
    /// <summary>RFC 7983 §7: a first byte in 20–63 is DTLS.</summary>
    internal static bool IsDtlsPacket(ReadOnlySpan<byte> packet) => packet.Length > 0 && packet[0] is >= 20 and <= 63;

    /// <summary>RFC 7983 §7: a first byte in 128–191 is RTP or RTCP (SRTP/SRTCP here).</summary>
    internal static bool IsSrtpPacket(ReadOnlySpan<byte> packet) => packet.Length > 0 && packet[0] is >= 128 and <= 191;

    /// <summary>
    /// Sends one application data record (DTLS-encrypted). Returns false when not connected, not writable, or
    /// larger than a record may be. Call on the owner's thread.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> packet)
    {
        if (_fastWrite is { } fast)
        {
            return SendRecordFast(fast, packet);
        }

        Org.BouncyCastle.Tls.DtlsTransport? bc = _bcTransport;
        if (bc is null || State != DtlsTransportState.Connected || !_lower.IsWritable || packet.Length > bc.GetSendLimit())
        {
            Interlocked.Increment(ref _sendFailures);
            return false;
        }

        _lastSendResult = false;
        try
        {
            bc.Send(packet);
        }
        catch (IOException)
        {
            Interlocked.Increment(ref _sendFailures);
            return false;
        }

        return _lastSendResult;
    }

    /// <summary>
    /// Sends an already protected SRTP/SRTCP packet straight to the lower transport (DTLS-SRTP: media bypasses the
    /// DTLS record layer). Only while connected, and only packets RFC 7983 classifies as RTP/RTCP.
    /// </summary>
    public bool SendSrtp(ReadOnlySpan<byte> packet)
    {
        if (!IsSrtpPacket(packet) || State != DtlsTransportState.Connected)
        {
            Interlocked.Increment(ref _sendFailures);
            return false;
        }

        return _lower.Send(packet);
    }

    private void OnLowerPacketReceived(IPacketTransport transport, ReadOnlySpan<byte> packet, long timestamp)
    {
        if (IsDtlsPacket(packet))
        {
            if (packet.Length <= _options.MaxReceiveDatagramSize && _fastRead is { } fast)
            {
                ReceiveRecords(fast, packet, timestamp);
            }
            else if (packet.Length > _options.MaxReceiveDatagramSize || !_adapter.Enqueue(packet))
            {
                Interlocked.Increment(ref _droppedPackets);
                IceLog.DtlsPacketDropped(_logger, TransportName, packet.Length,
                    packet.Length > _options.MaxReceiveDatagramSize ? "larger than MaxReceiveDatagramSize" : "queue full or closed");
            }
        }
        else if (IsSrtpPacket(packet))
        {
            SrtpPacketReceived?.Invoke(this, packet, timestamp);
        }
        else
        {
            Interlocked.Increment(ref _droppedPackets);
            IceLog.DtlsPacketDropped(_logger, TransportName, packet.Length, "first byte is neither DTLS nor SRTP (RFC 7983)");
        }
    }

    private void OnLowerWritableStateChanged(IPacketTransport transport)
    {
        _lowerWritable = transport.IsWritable;
        if (_lowerWritable)
        {
            FlushPendingSends();
        }

        _adapter.Wake();
        RaiseWritableIfChanged();
    }

    /// <inheritdoc/>
    void IDtlsDatagramSink.SendDatagram(ReadOnlySpan<byte> datagram, bool fromProtocolThread)
    {
        if (fromProtocolThread)
        {
            NoteCipherCreatedOnThisThread();
        }

        byte[]? rewritten = RewriteBouncyCastleSequence(datagram);
        if (rewritten is { Length: 0 })
        {
            _lastSendResult = false;
            return;
        }

        if (!fromProtocolThread)
        {
            // Application data (or a close_notify) from the owner's own call: straight down.
            _lastSendResult = _lower.IsWritable && _lower.Send(rewritten ?? datagram);
            return;
        }

        byte[] copy = rewritten ?? datagram.ToArray();
        if (_owner is null)
        {
            SendOrHold(copy);
        }
        else
        {
            _owner.Post(static s => s.Transport.SendOrHold(s.Datagram), new HeldDatagram(this, copy));
        }
    }

    private void SendOrHold(byte[] datagram)
    {
        lock (_sendLock)
        {
            if (_lower.IsWritable && _pendingSends.Count == 0)
            {
                _lower.Send(datagram);
                return;
            }

            if (_pendingSends.Count >= _options.PendingSendCapacity)
            {
                _pendingSends.Dequeue();
            }

            _pendingSends.Enqueue(datagram);
        }

        if (_lower.IsWritable)
        {
            FlushPendingSends();
        }
    }

    private void FlushPendingSends()
    {
        lock (_sendLock)
        {
            while (_lower.IsWritable && _pendingSends.TryDequeue(out byte[]? datagram))
            {
                _lower.Send(datagram);
            }
        }
    }

    private sealed record HeldDatagram(DtlsTransport Transport, byte[] Datagram);
}
