using Org.BouncyCastle.Tls;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Jingle.Net.Ice.Dtls;

/// <summary>The dedicated DTLS thread: BouncyCastle's blocking handshake, then the application data receive loop.</summary>
public sealed partial class DtlsTransport
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<byte[]> _freeDeliveryBuffers = new();
    private volatile bool _closeNotifyReceived;
    private short _fatalAlertReceived = -1;
    private short _fatalAlertSent = -1;

#pragma warning disable CA1031 // the DTLS thread must end in a state, whatever BouncyCastle throws
    private void RunProtocol(DtlsRole role, DtlsHandshakeContext context)
    {
        try
        {
            BcDtlsTransport bc;
            TlsContext tlsContext;
            if (role == DtlsRole.Client)
            {
                // The ClientHello waits for a writable path (libwebrtc starts DTLS once ICE is writable).
                if (!_adapter.WaitUntil(() => _lowerWritable))
                {
                    return;
                }

                var client = new DtlsClientPeer(context);
                bc = new DtlsClientProtocol().Connect(client, _adapter);
                tlsContext = client.Context;
            }
            else
            {
                var server = new DtlsServerPeer(context);
                bc = new DtlsServerProtocol { VerifyRequests = false }.Accept(server, _adapter);
                tlsContext = server.Context;
            }

            _adapter.EndHandshake();
            byte[]? keys = context.SrtpKeyingMaterial;
            lock (_stateLock)
            {
                if (_closing)
                {
                    bc.Close();
                    return;
                }

                _bcTransport = bc;
                _srtpKeyingMaterial = keys;
                SrtpProfile = context.SelectedProfile;
                CipherSuite = tlsContext.SecurityParameters.CipherSuite;
                KeyExchangeGroup = _crypto.EcdheGroup;
                KeyExchangeOnLibCrypto = _crypto.LibCryptoX25519Agreements > 0;
                RemoteCertificate = context.PeerCertificate;
            }

            IceLog.DtlsConnected(_logger, TransportName, role.ToString(), CipherSuite, SrtpProfile.ToWireString());
            RunOnOwner(() => TransitionTo(DtlsTransportState.Connected));
            ReceiveLoop(bc);
        }
        catch (Exception e)
        {
            OnProtocolEnded(e, context);
        }
        finally
        {
            _threadExited.TrySetResult();
        }
    }
#pragma warning restore CA1031

    private void ReceiveLoop(BcDtlsTransport bc)
    {
        byte[] buffer = new byte[_options.MaxReceiveDatagramSize];
        while (true)
        {
            // waitMillis 0 = block until a record arrives; closing throws DtlsTransportClosedException out of here.
            int length = bc.Receive(buffer, 0, buffer.Length, 0);
            if (length >= 0)
            {
                Deliver(buffer.AsSpan(0, length));
            }
        }
    }

    private void OnProtocolEnded(Exception e, DtlsHandshakeContext context)
    {
        _adapter.Close();
        if (_closing)
        {
            return; // Close() already moved to Closed.
        }

        if (_closeNotifyReceived)
        {
            IceLog.DtlsClosed(_logger, TransportName, "by the peer (close_notify)");
            RunOnOwner(() => TransitionTo(DtlsTransportState.Closed));
            return;
        }

        DtlsTransportError error = context.Failure ?? Classify(e);
        IceLog.DtlsFailed(_logger, TransportName, error.ToString());
        RunOnOwner(() => TransitionTo(DtlsTransportState.Failed, error));
    }

    private DtlsTransportError Classify(Exception e)
    {
        short received = Volatile.Read(ref _fatalAlertReceived);
        short sent = Volatile.Read(ref _fatalAlertSent);
        return e switch
        {
            DtlsHandshakeTimeoutException => new DtlsTransportError(DtlsErrorReason.HandshakeTimeout,
                $"The DTLS handshake did not complete within {_options.HandshakeTimeout.TotalSeconds:0.###} s ({HandshakeRetransmitCount} retransmissions)."),
            TlsFatalAlertReceived alert => new DtlsTransportError(DtlsErrorReason.FatalAlertReceived,
                $"The peer sent fatal alert {AlertDescription.GetText(alert.AlertDescription)}.", (byte)alert.AlertDescription),
            _ when received >= 0 => new DtlsTransportError(DtlsErrorReason.FatalAlertReceived,
                $"The peer sent fatal alert {AlertDescription.GetText(received)}.", (byte)received),
            TlsFatalAlert alert => new DtlsTransportError(DtlsErrorReason.ProtocolError,
                $"DTLS failed locally: {alert.Message}", (byte)alert.AlertDescription),
            _ => new DtlsTransportError(DtlsErrorReason.ProtocolError, $"DTLS failed: {e.Message}",
                sent >= 0 ? (byte)sent : null),
        };
    }

    private void OnAlert(short level, short description, bool received)
    {
        IceLog.DtlsAlert(_logger, TransportName, received ? "received" : "sent", level, description);
        if (received && description == AlertDescription.close_notify)
        {
            _closeNotifyReceived = true;
        }
        else if (level == AlertLevel.fatal)
        {
            Volatile.Write(ref received ? ref _fatalAlertReceived : ref _fatalAlertSent, description);
        }
    }

    /// <summary>Hands one decrypted record to the owner: inline without an owner thread, else batched through a queue.</summary>
    private void Deliver(ReadOnlySpan<byte> record)
    {
        if (_owner is null)
        {
            PacketReceived?.Invoke(this, record, _time.GetTimestamp());
            return;
        }

        // Buffers cycle through a free list (rented here on the DTLS thread, returned on the owner's thread).
        if (!_freeDeliveryBuffers.TryDequeue(out byte[]? buffer) || buffer.Length < record.Length)
        {
            buffer = new byte[Math.Max(record.Length, _options.MaxReceiveDatagramSize)];
        }

        record.CopyTo(buffer);
        _deliveries.Enqueue((buffer, record.Length));
        if (Interlocked.Exchange(ref _deliveryPosted, 1) == 0)
        {
            _owner.Post(static t => t.DrainDeliveries(), this);
        }
    }

    private void DrainDeliveries()
    {
        Volatile.Write(ref _deliveryPosted, 0);
        bool deliver = State == DtlsTransportState.Connected;
        long now = _time.GetTimestamp();
        while (_deliveries.TryDequeue(out (byte[] Buffer, int Length) item))
        {
            try
            {
                if (deliver)
                {
                    PacketReceived?.Invoke(this, item.Buffer.AsSpan(0, item.Length), now);
                }
            }
            finally
            {
                _freeDeliveryBuffers.Enqueue(item.Buffer);
            }
        }
    }
}
