using System.Buffers;
using Org.BouncyCastle.Tls;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The application data fast path. Once connected with an AES-GCM suite, epoch-1 application_data records are
/// encrypted by <see cref="Send"/> on the caller's thread and decrypted on the thread the lower transport delivers
/// on, with <see cref="DtlsRecordProtection"/> (.NET <c>AesGcm</c>) into buffers this transport keeps: no allocation
/// and no thread hop per record. Everything else — handshake, ChangeCipherSpec, alerts, other epochs, other suites —
/// still goes to BouncyCastle on the DTLS thread.
/// <para>
/// Sequence numbers: from the switch on, <see cref="DtlsRecordProtection"/> numbers every record of the epoch,
/// starting after the last one BouncyCastle used. If BouncyCastle later sends a record of that epoch (the server
/// retransmitting its Finished because the client's retransmitted flight arrived, or an alert), its cipher
/// (<see cref="AesGcmTlsCipher"/>) encrypts with the next shared number and <see cref="IDtlsDatagramSink.SendDatagram"/>
/// rewrites BouncyCastle's header to carry it: a number — a GCM nonce — is never used twice, and the switch need
/// not wait for the peer to acknowledge the final flight.
/// </para>
/// </summary>
public sealed partial class DtlsTransport
{
    /// <summary>The largest plaintext of a (D)TLS record (RFC 5246 §6.2.1: 2^14).</summary>
    private const int MaxPlaintextLength = 1 << 14;

    private static readonly byte[] CloseNotifyAlert = [1, 0]; // warning, close_notify

    private readonly int _maxFastPlaintext;
    private readonly byte[] _fastSendBuffer;
    private readonly byte[] _fastReceiveBuffer;
    private volatile DtlsRecordProtection? _fastWrite;
    private volatile DtlsRecordProtection? _fastRead;
    private AesGcmTlsCipher? _cipher;
    private int _fastSendBufferInUse;
    private int _fastReceiveBufferInUse;
    private long _authenticationFailures;
    private long _replayedRecords;
    private long _fastRecordsReceived;
    private long _fastRecordsSent;

    /// <summary>Application records the fast path decrypted and delivered (for tests).</summary>
    internal long FastPathRecordsReceived => Interlocked.Read(ref _fastRecordsReceived);

    /// <summary>Application records the fast path encrypted and sent (for tests).</summary>
    internal long FastPathRecordsSent => Interlocked.Read(ref _fastRecordsSent);

    /// <summary>Turns the fast path on after the change to Connected (on the owner's thread), when the suite allows it.</summary>
    private void EnableRecordFastPath()
    {
        AesGcmTlsCipher? cipher = Volatile.Read(ref _cipher);
        string? reason = _options.DisableRecordFastPath ? "disabled by DtlsTransportOptions.DisableRecordFastPath"
            : cipher is null || !IsAesGcm(CipherSuite) ? $"cipher suite 0x{CipherSuite:X4} is not AES-GCM on .NET AesGcm"
            : cipher.Protection.Epoch != 1 ? $"unexpected epoch {cipher.Protection.Epoch}"
            : null;
        if (reason is not null)
        {
            IceLog.DtlsFastPathNotUsed(_logger, TransportName, reason);
            return;
        }

        long first;
        lock (_stateLock)
        {
            if (_state != DtlsTransportState.Connected || _closing || _bcTransport is null)
            {
                return;
            }

            DtlsRecordProtection protection = cipher!.Protection;
            first = protection.TakeOverWriting();
            _fastRead = protection;
            _fastWrite = protection;
        }

        IceLog.DtlsFastPathEnabled(_logger, TransportName, 1, first);
    }

    private static bool IsAesGcm(int cipherSuite) =>
        TlsUtilities.GetEncryptionAlgorithm(cipherSuite) is EncryptionAlgorithm.AES_128_GCM or EncryptionAlgorithm.AES_256_GCM;

    /// <summary>
    /// Splits a received DTLS datagram into records (RFC 6347 §4.1: several may share one): application_data of the
    /// fast path's epoch is decrypted here; every other record goes to BouncyCastle's queue on its own.
    /// </summary>
    private void ReceiveRecords(DtlsRecordProtection fast, ReadOnlySpan<byte> datagram, long timestamp)
    {
        while (!datagram.IsEmpty)
        {
            if (!DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader header))
            {
                // RFC 6347 §4.1.2.7: invalid input is discarded (here: the rest of the datagram).
                Interlocked.Increment(ref _droppedPackets);
                IceLog.DtlsPacketDropped(_logger, TransportName, datagram.Length, "not a complete DTLS record");
                return;
            }

            ReadOnlySpan<byte> record = datagram[..header.RecordLength];
            datagram = datagram[header.RecordLength..];
            if (header.ContentType == DtlsRecordHeader.ApplicationData && header.Epoch == fast.Epoch)
            {
                ReceiveApplicationRecord(fast, header, record, timestamp);
            }
            else if (!_adapter.Enqueue(record))
            {
                Interlocked.Increment(ref _droppedPackets);
                IceLog.DtlsPacketDropped(_logger, TransportName, record.Length, "queue full or closed");
            }
        }
    }

    private void ReceiveApplicationRecord(DtlsRecordProtection fast, in DtlsRecordHeader header, ReadOnlySpan<byte> record, long timestamp)
    {
        // One buffer serves in the common case; a nested delivery (a handler that makes the peer answer inline, as
        // an in-memory pair does) or a second receiving thread rents one instead.
        bool shared = Interlocked.CompareExchange(ref _fastReceiveBufferInUse, 1, 0) == 0;
        byte[] plaintext = shared ? _fastReceiveBuffer : ArrayPool<byte>.Shared.Rent(_fastReceiveBuffer.Length);
        try
        {
            DtlsRecordStatus status;
            int length;
            try
            {
                status = fast.TryDecryptRecord(header, record, plaintext, out length);
            }
            catch (ObjectDisposedException)
            {
                return; // disposed meanwhile
            }

            switch (status)
            {
                case DtlsRecordStatus.Accepted:
                    Interlocked.Increment(ref _fastRecordsReceived);
                    DeliverFast(plaintext.AsSpan(0, length), timestamp);
                    break;
                case DtlsRecordStatus.AuthenticationFailed:
                    Interlocked.Increment(ref _authenticationFailures);
                    IceLog.DtlsRecordDropped(_logger, TransportName, "bad AES-GCM tag", header.Epoch, header.SequenceNumber);
                    break;
                case DtlsRecordStatus.Replayed:
                    Interlocked.Increment(ref _replayedRecords);
                    IceLog.DtlsRecordDropped(_logger, TransportName, "replayed or older than the replay window", header.Epoch, header.SequenceNumber);
                    break;
                default:
                    Interlocked.Increment(ref _droppedPackets);
                    IceLog.DtlsRecordDropped(_logger, TransportName, "too short", header.Epoch, header.SequenceNumber);
                    break;
            }
        }
        finally
        {
            if (shared)
            {
                Volatile.Write(ref _fastReceiveBufferInUse, 0);
            }
            else
            {
                ArrayPool<byte>.Shared.Return(plaintext);
            }
        }
    }

    /// <summary>Raises <see cref="PacketReceived"/> inline when on the owner's thread (or without one), else hands over through the bounded queue.</summary>
    private void DeliverFast(ReadOnlySpan<byte> plaintext, long timestamp)
    {
        if (_owner is null || _owner.IsCurrent)
        {
            PacketReceived?.Invoke(this, plaintext, timestamp);
        }
        else
        {
            Deliver(plaintext);
        }
    }

    /// <summary>Encrypts and sends one application_data record on the calling thread.</summary>
    private bool SendRecordFast(DtlsRecordProtection fast, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > _maxFastPlaintext || !_lower.IsWritable)
        {
            Interlocked.Increment(ref _sendFailures);
            return false;
        }

        bool sent = SendRecordFast(fast, DtlsRecordHeader.ApplicationData, packet);
        Interlocked.Increment(ref sent ? ref _fastRecordsSent : ref _sendFailures);

        return sent;
    }

    private bool SendRecordFast(DtlsRecordProtection fast, byte contentType, ReadOnlySpan<byte> plaintext)
    {
        bool shared = Interlocked.CompareExchange(ref _fastSendBufferInUse, 1, 0) == 0;
        byte[] buffer = shared ? _fastSendBuffer : ArrayPool<byte>.Shared.Rent(_fastSendBuffer.Length);
        try
        {
            return fast.TryEncodeRecord(contentType, plaintext, buffer, out int written) && _lower.Send(buffer.AsSpan(0, written));
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (shared)
            {
                Volatile.Write(ref _fastSendBufferInUse, 0);
            }
            else
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void SendCloseNotify(DtlsRecordProtection fast)
    {
        if (_lower.IsWritable && SendRecordFast(fast, DtlsRecordHeader.Alert, CloseNotifyAlert))
        {
            IceLog.DtlsAlert(_logger, TransportName, "sent", AlertLevel.warning, AlertDescription.close_notify);
        }
    }

    /// <summary>
    /// Called on the DTLS thread for every datagram BouncyCastle sends: picks up the AES-GCM cipher the handshake
    /// created on that thread (the fast path's keys).
    /// </summary>
    private void NoteCipherCreatedOnThisThread()
    {
        if (AesGcmTlsCipher.TakeCreatedOnThisThread() is { } created)
        {
            Volatile.Write(ref _cipher, created);
        }
    }

    /// <summary>
    /// When BouncyCastle's last record was encrypted with a sequence number the fast path assigned, returns a copy
    /// of <paramref name="datagram"/> whose header carries it (null: send as is). An unexpected datagram (not one
    /// record of that epoch) yields an empty array: it is not sent.
    /// </summary>
    private byte[]? RewriteBouncyCastleSequence(ReadOnlySpan<byte> datagram)
    {
        long rewritten = Volatile.Read(ref _cipher)?.Protection.TakeRewrittenSequence() ?? -1;
        if (rewritten < 0)
        {
            return null;
        }

        if (!DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader header) || header.RecordLength != datagram.Length
            || header.Epoch != (ushort)(rewritten >>> 48))
        {
            IceLog.DtlsRewriteFailed(_logger, TransportName);
            return [];
        }

        byte[] copy = datagram.ToArray();
        (header with { SequenceNumber = rewritten & DtlsRecordHeader.MaxSequenceNumber }).TryWrite(copy, out _);
        return copy;
    }
}
