using System.Buffers.Binary;
using System.Security.Cryptography;
using Jingle.Net.Base.Crypto;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The application data fast path's record protection for one epoch of an AES-GCM cipher suite (RFC 5288 as used by
/// DTLS 1.2, RFC 6347 §4.1.2.1): nonce = 4-byte salt from the key block || 8-byte explicit nonce carried in the
/// record; AAD = epoch || sequence_number || type || version || plaintext length. It has its own <see cref="AesGcmCipher"/>
/// per direction (BouncyCastle's record layer keeps using <see cref="AesGcmTlsCipher"/>'s on its own thread).
/// <para>
/// Sequence numbers are shared with BouncyCastle so that no (epoch, sequence) pair — that is, no GCM nonce — is
/// ever used twice: until <see cref="TakeOverWriting"/>, BouncyCastle numbers the records and
/// <see cref="OnBouncyCastleEncode"/> notes the highest; afterwards every record, ours or BouncyCastle's (a
/// retransmitted Finished, an alert), takes the next number from one counter, and BouncyCastle's record header is
/// rewritten to match (<see cref="TakeRewrittenSequence"/>). On receive, one replay window serves both: records
/// BouncyCastle authenticates are entered too, so a record it delivered cannot be replayed through the fast path.
/// </para>
/// Keys never leave this object and are released (and the salts zeroed) by <see cref="Dispose"/>.
/// </summary>
internal sealed class DtlsRecordProtection : IDisposable
{
    /// <summary>Bytes of the implicit salt (RFC 5288 §3).</summary>
    public const int SaltLength = 4;

    /// <summary>Bytes of the explicit nonce sent in each record.</summary>
    public const int ExplicitNonceLength = 8;

    /// <summary>Bytes of the GCM tag.</summary>
    public const int TagLength = 16;

    /// <summary>Bytes a record adds to its plaintext: header, explicit nonce, tag.</summary>
    public const int RecordOverhead = DtlsRecordHeader.Size + ExplicitNonceLength + TagLength;

    private readonly AesGcmCipher _encrypt;
    private readonly AesGcmCipher _decrypt;
    private readonly byte[] _encryptSalt = new byte[SaltLength];
    private readonly byte[] _decryptSalt = new byte[SaltLength];
    private readonly Lock _lock = new();
    private readonly DtlsReplayWindow _window = new();
    private long _highestBouncyCastleWrite = -1;
    private long _nextWrite;
    private long _rewrittenSequence = -1;
    private int _epoch = -1;
    private bool _takenOver;
    private bool _disposed;

    public DtlsRecordProtection(ReadOnlySpan<byte> writeKey, ReadOnlySpan<byte> writeSalt, ReadOnlySpan<byte> readKey, ReadOnlySpan<byte> readSalt)
    {
        _encrypt = AesGcmCipher.Create(writeKey, TagLength);
        _decrypt = AesGcmCipher.Create(readKey, TagLength);
        writeSalt.CopyTo(_encryptSalt);
        readSalt.CopyTo(_decryptSalt);
    }

    /// <summary>The epoch these keys protect, learned from the first record BouncyCastle numbered (-1 before).</summary>
    public int Epoch => Volatile.Read(ref _epoch);

    /// <summary>True once <see cref="TakeOverWriting"/> ran: this object numbers every record of the epoch.</summary>
    public bool OwnsWriteSequence
    {
        get { lock (_lock) { return _takenOver; } }
    }

    /// <summary>
    /// Called by <see cref="AesGcmTlsCipher"/> for each record BouncyCastle encrypts (<paramref name="epochAndSequence"/>
    /// is its epoch || sequence). Returns the number to encrypt with: BouncyCastle's own before the takeover, the
    /// next of the shared counter after it (the caller then writes it into the header, see <see cref="TakeRewrittenSequence"/>).
    /// </summary>
    public long OnBouncyCastleEncode(long epochAndSequence)
    {
        lock (_lock)
        {
            int epoch = (int)(epochAndSequence >>> 48);
            if (_epoch < 0)
            {
                Volatile.Write(ref _epoch, epoch);
            }

            if (!_takenOver)
            {
                _highestBouncyCastleWrite = Math.Max(_highestBouncyCastleWrite, epochAndSequence & DtlsRecordHeader.MaxSequenceNumber);
                return epochAndSequence;
            }

            long sequence = AllocateSequence();
            if (sequence < 0)
            {
                throw new Org.BouncyCastle.Tls.TlsFatalAlert(Org.BouncyCastle.Tls.AlertDescription.internal_error);
            }

            long rewritten = ((long)_epoch << 48) | sequence;
            Volatile.Write(ref _rewrittenSequence, rewritten);
            return rewritten;
        }
    }

    /// <summary>
    /// The epoch || sequence the last BouncyCastle record was encrypted with when it differs from the one in the
    /// header BouncyCastle wrote (-1 when none is pending). Read once, by the send path, for the datagram that follows.
    /// </summary>
    public long TakeRewrittenSequence() => Interlocked.Exchange(ref _rewrittenSequence, -1);

    /// <summary>
    /// Called by <see cref="AesGcmTlsCipher"/> once BouncyCastle's record authenticated: enters it in the shared
    /// replay window. False when the fast path already accepted that number (the record is then dropped).
    /// </summary>
    public bool OnBouncyCastleDecoded(long epochAndSequence)
    {
        lock (_lock)
        {
            if (_epoch < 0)
            {
                Volatile.Write(ref _epoch, (int)(epochAndSequence >>> 48));
            }

            return _window.TryAccept(epochAndSequence & DtlsRecordHeader.MaxSequenceNumber);
        }
    }

    /// <summary>
    /// From now on this object numbers every record of the epoch, starting after the highest BouncyCastle used.
    /// Returns that first number.
    /// </summary>
    public long TakeOverWriting()
    {
        lock (_lock)
        {
            if (!_takenOver)
            {
                _takenOver = true;
                _nextWrite = _highestBouncyCastleWrite + 1;
            }

            return _nextWrite;
        }
    }

    /// <summary>
    /// Encodes one record of <paramref name="contentType"/> (header, explicit nonce, ciphertext, tag) into
    /// <paramref name="destination"/>. False when it does not fit, before <see cref="TakeOverWriting"/>, or when the
    /// epoch's sequence numbers are exhausted (2^48; a rekey would be needed).
    /// </summary>
    public bool TryEncodeRecord(byte contentType, ReadOnlySpan<byte> plaintext, Span<byte> destination, out int written)
    {
        written = 0;
        int length = ExplicitNonceLength + plaintext.Length + TagLength;
        if (destination.Length < DtlsRecordHeader.Size + length || length > ushort.MaxValue)
        {
            return false;
        }

        long sequence;
        lock (_lock)
        {
            if (!_takenOver || _disposed)
            {
                return false;
            }

            sequence = AllocateSequence();
        }

        if (sequence < 0)
        {
            return false;
        }

        var header = new DtlsRecordHeader(contentType, DtlsRecordHeader.Dtls12, (ushort)_epoch, sequence, (ushort)length);
        header.TryWrite(destination, out _);
        Span<byte> explicitNonce = destination.Slice(DtlsRecordHeader.Size, ExplicitNonceLength);
        BinaryPrimitives.WriteInt64BigEndian(explicitNonce, header.EpochAndSequence);
        Span<byte> nonce = stackalloc byte[SaltLength + ExplicitNonceLength];
        _encryptSalt.CopyTo(nonce);
        explicitNonce.CopyTo(nonce[SaltLength..]);
        Span<byte> aad = stackalloc byte[13];
        WriteAdditionalData(aad, header.EpochAndSequence, contentType, header.Version, plaintext.Length);
        int bodyStart = DtlsRecordHeader.Size + ExplicitNonceLength;
        _encrypt.Encrypt(nonce, plaintext, destination.Slice(bodyStart, plaintext.Length),
            destination.Slice(bodyStart + plaintext.Length, TagLength), aad);
        written = DtlsRecordHeader.Size + length;
        return true;
    }

    /// <summary>
    /// Checks the replay window, authenticates and decrypts the record (<paramref name="record"/> starts with
    /// <paramref name="header"/>) into <paramref name="plaintext"/>, and enters it in the window.
    /// </summary>
    public DtlsRecordStatus TryDecryptRecord(in DtlsRecordHeader header, ReadOnlySpan<byte> record, Span<byte> plaintext, out int plaintextLength)
    {
        plaintextLength = header.Length - ExplicitNonceLength - TagLength;
        if (plaintextLength < 0 || plaintext.Length < plaintextLength || record.Length < header.RecordLength)
        {
            plaintextLength = 0;
            return DtlsRecordStatus.Malformed;
        }

        lock (_lock)
        {
            if (_disposed || !_window.CanAccept(header.SequenceNumber))
            {
                plaintextLength = 0;
                return DtlsRecordStatus.Replayed;
            }
        }

        ReadOnlySpan<byte> fragment = record.Slice(DtlsRecordHeader.Size, header.Length);
        Span<byte> nonce = stackalloc byte[SaltLength + ExplicitNonceLength];
        _decryptSalt.CopyTo(nonce);
        fragment[..ExplicitNonceLength].CopyTo(nonce[SaltLength..]);
        Span<byte> aad = stackalloc byte[13];
        WriteAdditionalData(aad, header.EpochAndSequence, header.ContentType, header.Version, plaintextLength);
        Span<byte> output = plaintext[..plaintextLength];
        if (!_decrypt.TryDecrypt(nonce, fragment.Slice(ExplicitNonceLength, plaintextLength), fragment[^TagLength..], output, aad))
        {
            plaintextLength = 0;
            return DtlsRecordStatus.AuthenticationFailed; // the cipher has already zeroed the output
        }

        lock (_lock)
        {
            if (!_window.TryAccept(header.SequenceNumber))
            {
                output.Clear();
                plaintextLength = 0;
                return DtlsRecordStatus.Replayed; // BouncyCastle's thread accepted the same number meanwhile
            }
        }

        return DtlsRecordStatus.Accepted;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _encrypt.Dispose();
        _decrypt.Dispose();
        CryptographicOperations.ZeroMemory(_encryptSalt);
        CryptographicOperations.ZeroMemory(_decryptSalt);
    }

    /// <summary>The RFC 5246 §6.2.3.3 additional data: seq_num || type || version || length.</summary>
    internal static void WriteAdditionalData(Span<byte> aad, long epochAndSequence, byte contentType, ushort version, int length)
    {
        BinaryPrimitives.WriteInt64BigEndian(aad, epochAndSequence);
        aad[8] = contentType;
        BinaryPrimitives.WriteUInt16BigEndian(aad[9..], version);
        BinaryPrimitives.WriteUInt16BigEndian(aad[11..], (ushort)length);
    }

    // Caller holds _lock. -1 when the epoch's 48-bit space is used up.
    private long AllocateSequence()
    {
        if (_nextWrite > DtlsRecordHeader.MaxSequenceNumber)
        {
            return -1;
        }

        return _nextWrite++;
    }
}
