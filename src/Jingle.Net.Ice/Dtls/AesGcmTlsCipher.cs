using System.Buffers.Binary;
using System.Security.Cryptography;
using Jingle.Net.Base.Crypto;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The (D)TLS 1.2 AES-GCM record protection of RFC 5288 on our <see cref="AesGcmCipher"/> (managed AES-NI/PCLMULQDQ,
/// or .NET's <see cref="AesGcm"/> where the CPU lacks them), for
/// BouncyCastle's record layer: nonce = 4-byte implicit salt from the key block || 8-byte explicit nonce (the
/// epoch-and-sequence number, sent in the record), AAD = seq_num || type || version || length (RFC 5246 §6.2.3.3).
/// Encryption reuses one output buffer and decryption works in place, so a record costs no buffer allocation
/// (BouncyCastle's own GCM allocates several per record and runs without AES-NI).
/// Encrypt runs on the sender's thread and decrypt on the DTLS thread: each direction has its own state.
/// <para>
/// The same key block also feeds a <see cref="DtlsRecordProtection"/> (<see cref="Protection"/>): the transport's
/// application data fast path, which bypasses BouncyCastle's record layer once connected. Both share sequence
/// numbers and the replay window through it, so a nonce is never used twice and no record is accepted twice. The
/// cipher is created on the DTLS thread during the handshake; the transport picks it up there with
/// <see cref="TakeCreatedOnThisThread"/>.
/// </para>
/// </summary>
internal sealed class AesGcmTlsCipher : TlsCipher, TlsCipherExt, IDisposable
{
    private const int SaltLength = 4;
    private const int ExplicitNonceLength = 8;
    private const int TagLength = 16;
    private const int Overhead = ExplicitNonceLength + TagLength;

    private readonly AesGcmCipher _encrypt;
    private readonly AesGcmCipher _decrypt;
    private readonly byte[] _encryptSalt = new byte[SaltLength];
    private readonly byte[] _decryptSalt = new byte[SaltLength];
    private byte[] _output = new byte[2048];

    [ThreadStatic]
    private static AesGcmTlsCipher? t_created;

    public AesGcmTlsCipher(TlsCryptoParameters cryptoParams, int keySize)
    {
        // RFC 5246 §6.3 key block: client_write_key, server_write_key, client_write_IV, server_write_IV.
        Span<byte> keyBlock = stackalloc byte[2 * keySize + 2 * SaltLength];
        TlsImplUtilities.CalculateKeyBlock(cryptoParams, keyBlock);
        ReadOnlySpan<byte> clientKey = keyBlock[..keySize];
        ReadOnlySpan<byte> serverKey = keyBlock.Slice(keySize, keySize);
        ReadOnlySpan<byte> clientSalt = keyBlock.Slice(2 * keySize, SaltLength);
        ReadOnlySpan<byte> serverSalt = keyBlock.Slice(2 * keySize + SaltLength, SaltLength);
        bool server = cryptoParams.IsServer;
        _encrypt = AesGcmCipher.Create(server ? serverKey : clientKey, TagLength);
        _decrypt = AesGcmCipher.Create(server ? clientKey : serverKey, TagLength);
        (server ? serverSalt : clientSalt).CopyTo(_encryptSalt);
        (server ? clientSalt : serverSalt).CopyTo(_decryptSalt);
        Protection = new DtlsRecordProtection(server ? serverKey : clientKey, server ? serverSalt : clientSalt,
            server ? clientKey : serverKey, server ? clientSalt : serverSalt);
        CryptographicOperations.ZeroMemory(keyBlock);
        t_created = this;
    }

    /// <summary>The fast path's protection with the same keys, sequence numbers and replay window.</summary>
    public DtlsRecordProtection Protection { get; }

    /// <summary>
    /// The last cipher created on the calling thread since the previous call (null when none), and forgets it. The
    /// DTLS thread calls it after the handshake to find the cipher BouncyCastle made for the new epoch.
    /// </summary>
    public static AesGcmTlsCipher? TakeCreatedOnThisThread()
    {
        AesGcmTlsCipher? created = t_created;
        t_created = null;
        return created;
    }

    /// <summary>True when <see cref="AesGcmCipher"/> can serve: our AES-NI/PCLMULQDQ code, or this platform's <see cref="AesGcm"/>.</summary>
    public static bool IsSupported => AesGcmIntrinsics.IsSupported || AesGcm.IsSupported;

    public bool UsesOpaqueRecordType => false;

    public int GetCiphertextDecodeLimit(int plaintextLimit) => plaintextLimit + Overhead;

    public int GetCiphertextEncodeLimit(int plaintextLength, int plaintextLimit) => plaintextLength + Overhead;

    public int GetPlaintextLimit(int ciphertextLimit) => ciphertextLimit - Overhead;

    public int GetPlaintextDecodeLimit(int ciphertextLimit) => ciphertextLimit - Overhead;

    public int GetPlaintextEncodeLimit(int ciphertextLimit) => ciphertextLimit - Overhead;

    public TlsEncodeResult EncodePlaintext(long seqNo, short contentType, ProtocolVersion recordVersion, int headerAllocation,
        byte[] plaintext, int offset, int len) =>
        EncodePlaintext(seqNo, contentType, recordVersion, headerAllocation, plaintext.AsSpan(offset, len));

    public TlsEncodeResult EncodePlaintext(long seqNo, short contentType, ProtocolVersion recordVersion, int headerAllocation,
        ReadOnlySpan<byte> plaintext)
    {
        // The record layer writes the header into [0, headerAllocation) and sends the buffer before its next
        // EncodePlaintext (it holds its write lock throughout), so one buffer serves every record.
        int total = headerAllocation + Overhead + plaintext.Length;
        if (_output.Length < total)
        {
            _output = new byte[Math.Max(total, _output.Length * 2)];
        }

        Span<byte> record = _output.AsSpan(0, total);
        // Once the fast path numbers the epoch's records, BouncyCastle's record gets the next shared number (the
        // transport rewrites BouncyCastle's header to match), so no nonce is ever reused.
        seqNo = Protection.OnBouncyCastleEncode(seqNo);
        Span<byte> explicitNonce = record.Slice(headerAllocation, ExplicitNonceLength);
        BinaryPrimitives.WriteInt64BigEndian(explicitNonce, seqNo);
        Span<byte> nonce = stackalloc byte[SaltLength + ExplicitNonceLength];
        _encryptSalt.CopyTo(nonce);
        explicitNonce.CopyTo(nonce[SaltLength..]);
        Span<byte> aad = stackalloc byte[13];
        WriteAdditionalData(aad, seqNo, contentType, recordVersion, plaintext.Length);
        Span<byte> ciphertext = record.Slice(headerAllocation + ExplicitNonceLength, plaintext.Length);
        _encrypt.Encrypt(nonce, plaintext, ciphertext, record.Slice(headerAllocation + ExplicitNonceLength + plaintext.Length, TagLength), aad);
        return new TlsEncodeResult(_output, 0, total, contentType);
    }

    public TlsDecodeResult DecodeCiphertext(long seqNo, short recordType, ProtocolVersion recordVersion, byte[] ciphertext,
        int offset, int len)
    {
        int plaintextLength = len - Overhead;
        if (plaintextLength < 0)
        {
            throw new TlsFatalAlert(AlertDescription.decode_error);
        }

        Span<byte> nonce = stackalloc byte[SaltLength + ExplicitNonceLength];
        _decryptSalt.CopyTo(nonce);
        ciphertext.AsSpan(offset, ExplicitNonceLength).CopyTo(nonce[SaltLength..]);
        Span<byte> aad = stackalloc byte[13];
        WriteAdditionalData(aad, seqNo, recordType, recordVersion, plaintextLength);
        Span<byte> body = ciphertext.AsSpan(offset + ExplicitNonceLength, plaintextLength);
        if (!_decrypt.TryDecrypt(nonce, body, ciphertext.AsSpan(offset + ExplicitNonceLength + plaintextLength, TagLength), body, aad))
        {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac);
        }

        if (!Protection.OnBouncyCastleDecoded(seqNo))
        {
            // The fast path accepted this number already: a replay (dropped, as our peers ignore corrupt records).
            throw new TlsFatalAlert(AlertDescription.bad_record_mac);
        }

        return new TlsDecodeResult(ciphertext, offset + ExplicitNonceLength, plaintextLength, recordType);
    }

    public void RekeyDecoder() => throw new TlsFatalAlert(AlertDescription.internal_error);

    public void RekeyEncoder() => throw new TlsFatalAlert(AlertDescription.internal_error);

    public void Dispose()
    {
        _encrypt.Dispose();
        _decrypt.Dispose();
        CryptographicOperations.ZeroMemory(_encryptSalt);
        CryptographicOperations.ZeroMemory(_decryptSalt);
        Protection.Dispose();
    }

    private static void WriteAdditionalData(Span<byte> aad, long seqNo, short contentType, ProtocolVersion version, int length) =>
        DtlsRecordProtection.WriteAdditionalData(aad, seqNo, (byte)contentType, (ushort)((version.MajorVersion << 8) | version.MinorVersion), length);
}
