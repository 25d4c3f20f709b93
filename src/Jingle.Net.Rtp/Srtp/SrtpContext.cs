using System.Buffers.Binary;
using System.Security.Cryptography;
using Jingle.Net.Base.Crypto;
using Jingle.Net.Ice.Dtls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jingle.Net.Rtp.Srtp;

/// <summary>
/// One direction of SRTP and SRTCP (RFC 3711, RFC 7714) under one master key: use one context to protect what
/// this endpoint sends and another, keyed with the peer's master key, to unprotect what it receives
/// (<see cref="DtlsSrtpKeys"/> builds both from DTLS-SRTP keying material). Packets are transformed in place in
/// the caller's buffer; nothing is allocated per packet once an SSRC is known. Per-SSRC state (ROC, replay list,
/// SRTCP index) is created on the first protected packet or the first authenticated one.
/// Single-threaded: call it from its owner's thread only.
/// </summary>
public sealed partial class SrtpContext : IDisposable
{
    private readonly SrtpProfileInfo _info;
    private readonly SrtpOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<uint, SrtpStream> _streams = [];

    // AES-CM + HMAC-SHA1 profiles.
    private readonly AesCounterMode? _rtpCipher;
    private readonly AesCounterMode? _rtcpCipher;
    private readonly HmacSha1? _rtpAuth;
    private readonly HmacSha1? _rtcpAuth;

    // AEAD profiles.
    private readonly AesGcmCipher? _rtpGcm;
    private readonly AesGcmCipher? _rtcpGcm;

    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private bool _disposed;

    private SrtpContext(SrtpProfileInfo info, in SrtpSessionKeys keys, SrtpOptions options, ILogger logger)
    {
        _info = info;
        _options = options;
        _logger = logger;
        _rtpSalt = keys.RtpSalt.ToArray();
        _rtcpSalt = keys.RtcpSalt.ToArray();
        if (info.IsAead)
        {
            _rtpGcm = AesGcmCipher.Create(keys.RtpKey);
            _rtcpGcm = AesGcmCipher.Create(keys.RtcpKey);
        }
        else
        {
            _rtpCipher = new AesCounterMode(keys.RtpKey);
            _rtcpCipher = new AesCounterMode(keys.RtcpKey);
            _rtpAuth = new HmacSha1(keys.RtpAuthKey);
            _rtcpAuth = new HmacSha1(keys.RtcpAuthKey);
        }
    }

    /// <summary>The protection profile.</summary>
    public SrtpProtectionProfile Profile => _info.Profile;

    /// <summary>Drop and success counters.</summary>
    public SrtpStatistics Statistics { get; } = new();

    /// <summary>Bytes <c>ProtectRtp</c> appends (the authentication tag).</summary>
    public int RtpOverhead => _info.RtpTagLength;

    /// <summary>Bytes <c>ProtectRtcp</c> appends (the E flag and SRTCP index, and the tag).</summary>
    public int RtcpOverhead => 4 + _info.RtcpTagLength;

    /// <summary>Master key length in bytes for <paramref name="profile"/>.</summary>
    public static int GetMasterKeyLength(SrtpProtectionProfile profile) => SrtpProfileInfo.For(profile).MasterKeyLength;

    /// <summary>Master salt length in bytes for <paramref name="profile"/>.</summary>
    public static int GetMasterSaltLength(SrtpProtectionProfile profile) => SrtpProfileInfo.For(profile).MasterSaltLength;

    /// <summary>True if this library implements <paramref name="profile"/>.</summary>
    public static bool IsSupported(SrtpProtectionProfile profile) => SrtpProfileInfo.IsSupported(profile);

    /// <summary>
    /// Creates a context for <paramref name="profile"/> from a master key and salt. Throws
    /// <see cref="NotSupportedException"/> for a profile this library does not implement and
    /// <see cref="ArgumentException"/> for a key or salt of the wrong length.
    /// </summary>
    public static SrtpContext Create(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt,
        SrtpOptions? options = null, ILogger? logger = null)
    {
        SrtpProfileInfo info = SrtpProfileInfo.For(profile);
        if (masterKey.Length != info.MasterKeyLength)
        {
            throw new ArgumentException($"{profile} needs a {info.MasterKeyLength}-byte master key, not {masterKey.Length}.", nameof(masterKey));
        }

        if (masterSalt.Length != info.MasterSaltLength)
        {
            throw new ArgumentException($"{profile} needs a {info.MasterSaltLength}-byte master salt, not {masterSalt.Length}.", nameof(masterSalt));
        }

        options ??= new SrtpOptions();
        int window = Math.Max(64, (options.ReplayWindowSize + 63) / 64 * 64);
        options = options with { ReplayWindowSize = window };
        logger ??= NullLogger.Instance;
        int k = info.MasterKeyLength;
        int saltLength = info.IsAead ? 12 : 14;
        int a = info.SessionAuthKeyLength;
        Span<byte> material = stackalloc byte[2 * (k + saltLength + a)];
        try
        {
            Span<byte> rtpKey = material[..k];
            Span<byte> rtcpKey = material.Slice(k, k);
            Span<byte> rtpSalt = material.Slice(2 * k, saltLength);
            Span<byte> rtcpSalt = material.Slice((2 * k) + saltLength, saltLength);
            Span<byte> rtpAuth = material.Slice(2 * (k + saltLength), a);
            Span<byte> rtcpAuth = material.Slice((2 * (k + saltLength)) + a, a);
            using (var prf = new AesCounterMode(masterKey))
            {
                SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpEncryption, rtpKey);
                SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpSalt, rtpSalt);
                SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpAuthentication, rtpAuth);
                SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtcpEncryption, rtcpKey);
                SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtcpSalt, rtcpSalt);
                SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtcpAuthentication, rtcpAuth);
            }

            var context = new SrtpContext(info, new SrtpSessionKeys(rtpKey, rtpSalt, rtpAuth, rtcpKey, rtcpSalt, rtcpAuth), options, logger);
            RtpLog.SrtpContextCreated(logger, profile);
            return context;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>A context from already derived session keys (for the RFC 7714 vectors, which give those).</summary>
    internal static SrtpContext CreateFromSessionKeys(SrtpProtectionProfile profile, in SrtpSessionKeys keys, SrtpOptions? options = null)
        => new(SrtpProfileInfo.For(profile), keys, options ?? new SrtpOptions(), NullLogger.Instance);

    /// <summary>Sets the next SRTCP index this context sends for <paramref name="ssrc"/>.</summary>
    internal void SetNextRtcpIndex(uint ssrc, uint index) => GetOrAddStream(ssrc)!.NextRtcpIndex = index & 0x7FFFFFFF;

    /// <summary>The rollover counter of <paramref name="ssrc"/>, or null if the SSRC is unknown.</summary>
    public uint? GetRolloverCounter(uint ssrc) => _streams.TryGetValue(ssrc, out SrtpStream? s) ? s.Roc : null;

    /// <summary>
    /// Sets the starting rollover counter for <paramref name="ssrc"/> (for a stream that joins mid-way, RFC 3711
    /// §3.3.1), creating its state if needed; the next sequence number is estimated from this ROC.
    /// </summary>
    public void SetRolloverCounter(uint ssrc, uint roc, ushort highestSequenceNumber)
    {
        SrtpStream stream = GetOrAddStream(ssrc) ?? throw new InvalidOperationException("Too many SSRCs.");
        stream.HighestIndex = ((long)roc << 16) | highestSequenceNumber;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _rtpCipher?.Dispose();
        _rtcpCipher?.Dispose();
        _rtpAuth?.Dispose();
        _rtcpAuth?.Dispose();
        _rtpGcm?.Dispose();
        _rtcpGcm?.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    private SrtpStream? GetOrAddStream(uint ssrc)
    {
        if (_streams.TryGetValue(ssrc, out SrtpStream? stream))
        {
            return stream;
        }

        if (_streams.Count >= _options.MaxStreams)
        {
            return null;
        }

        stream = new SrtpStream(ssrc, _options.ReplayWindowSize);
        _streams.Add(ssrc, stream);
        return stream;
    }

    private SrtpStatus Drop(SrtpStatus status, uint ssrc, bool rtcp)
    {
        switch (status)
        {
            case SrtpStatus.AuthenticationFailed:
                Statistics.AuthenticationFailures++;
                break;
            case SrtpStatus.ReplayDetected:
                Statistics.ReplaysDropped++;
                break;
            case SrtpStatus.Malformed:
                Statistics.MalformedDropped++;
                break;
            case SrtpStatus.TooManyStreams:
                Statistics.StreamLimitDropped++;
                break;
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            RtpLog.SrtpDropped(_logger, rtcp ? "CP" : "P", ssrc, status);
        }

        return status;
    }

    /// <summary>
    /// AES-CM IV (RFC 3711 §4.1.1): (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), where i is the 48-bit SRTP
    /// index or the 31-bit SRTCP index.
    /// </summary>
    private static void BuildCounterModeIv(ReadOnlySpan<byte> salt, uint ssrc, long index, Span<byte> iv)
    {
        iv.Clear();
        salt.CopyTo(iv);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc);
        ulong shifted = (ulong)index << 16;
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]) ^ shifted;
        BinaryPrimitives.WriteUInt64BigEndian(iv[8..], low);
    }

    /// <summary>GCM IV for SRTP (RFC 7714 §8.1): (00 00 || SSRC || ROC || SEQ) XOR salt.</summary>
    private static void BuildGcmRtpIv(ReadOnlySpan<byte> salt, uint ssrc, long index, Span<byte> iv)
    {
        iv[0] = 0;
        iv[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv[6..], (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(iv[10..], (ushort)index);
        for (int i = 0; i < 12; i++)
        {
            iv[i] ^= salt[i];
        }
    }

    /// <summary>GCM IV for SRTCP (RFC 7714 §9.1): (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt.</summary>
    private static void BuildGcmRtcpIv(ReadOnlySpan<byte> salt, uint ssrc, uint index, Span<byte> iv)
    {
        iv[0] = 0;
        iv[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv[2..], ssrc);
        iv[6] = 0;
        iv[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv[8..], index & 0x7FFFFFFF);
        for (int i = 0; i < 12; i++)
        {
            iv[i] ^= salt[i];
        }
    }
}
