using System.Buffers.Binary;
using System.Security.Cryptography;
using Jingle.Net.Base.Crypto;

namespace Jingle.Net.Rtp.Srtp;

public sealed partial class SrtpContext
{
    private const int RtcpHeaderLength = 8;
    private const uint EncryptedFlag = 0x80000000;

    private byte[]? _aadScratch;

    /// <summary>
    /// Protects the (compound) RTCP packet in <paramref name="packet"/>[0..<paramref name="length"/>) in place
    /// (RFC 3711 §3.4; RFC 7714 §9): encrypts everything after the first 8 bytes and appends the E flag with the
    /// 31-bit SRTCP index and the tag (for GCM the tag comes first, then E || index). Needs
    /// <see cref="RtcpOverhead"/> spare bytes.
    /// </summary>
    public SrtpStatus ProtectRtcp(Span<byte> packet, int length, out int protectedLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, packet.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        protectedLength = 0;
        if (length < RtcpHeaderLength || (packet[0] >> 6) != 2)
        {
            return Drop(SrtpStatus.Malformed, 0, rtcp: true);
        }

        int tagLength = _info.RtcpTagLength;
        if (packet.Length - length < 4 + tagLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        SrtpStream? stream = GetOrAddStream(ssrc);
        if (stream is null)
        {
            return Drop(SrtpStatus.TooManyStreams, ssrc, rtcp: true);
        }

        uint index = stream.NextRtcpIndex;
        stream.NextRtcpIndex = (index + 1) & 0x7FFFFFFF;
        uint eIndex = EncryptedFlag | index;

        if (_info.IsAead)
        {
            Span<byte> iv = stackalloc byte[12];
            BuildGcmRtcpIv(_rtcpSalt, ssrc, index, iv);
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + 4];
            packet[..RtcpHeaderLength].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], eIndex);
            Span<byte> body = packet[RtcpHeaderLength..length];
            _rtcpGcm!.Encrypt(iv, body, body, packet.Slice(length, tagLength), aad);
            BinaryPrimitives.WriteUInt32BigEndian(packet[(length + tagLength)..], eIndex);
        }
        else
        {
            Span<byte> iv = stackalloc byte[16];
            BuildCounterModeIv(_rtcpSalt, ssrc, index, iv);
            _rtcpCipher!.Transform(iv, packet[RtcpHeaderLength..length]);
            BinaryPrimitives.WriteUInt32BigEndian(packet[length..], eIndex);
            Span<byte> mac = stackalloc byte[HmacSha1.OutputLength];
            _rtcpAuth!.Compute(packet[..(length + 4)], default, mac);
            mac[..tagLength].CopyTo(packet[(length + 4)..]);
        }

        Statistics.RtcpProtected++;
        protectedLength = length + 4 + tagLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Verifies and decrypts the SRTCP packet in place (RFC 3711 §3.4, RFC 7714 §9): replay check on the SRTCP
    /// index, tag check in constant time, decryption when the E flag is set. Failures are dropped and counted.
    /// </summary>
    public SrtpStatus UnprotectRtcp(Span<byte> packet, int length, out int rtcpLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, packet.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        rtcpLength = 0;
        int tagLength = _info.RtcpTagLength;
        if (length < RtcpHeaderLength + 4 + tagLength || (packet[0] >> 6) != 2)
        {
            return Drop(SrtpStatus.Malformed, 0, rtcp: true);
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        int plainEnd = length - 4 - tagLength;
        int eIndexOffset = _info.IsAead ? length - 4 : plainEnd;
        uint eIndex = BinaryPrimitives.ReadUInt32BigEndian(packet[eIndexOffset..]);
        bool encrypted = (eIndex & EncryptedFlag) != 0;
        uint index = eIndex & 0x7FFFFFFF;
        _streams.TryGetValue(ssrc, out SrtpStream? stream);
        if (stream is not null && !stream.RtcpReplay.Check(index))
        {
            return Drop(SrtpStatus.ReplayDetected, ssrc, rtcp: true);
        }

        if (_info.IsAead)
        {
            Span<byte> iv = stackalloc byte[12];
            BuildGcmRtcpIv(_rtcpSalt, ssrc, index, iv);
            Span<byte> tag = packet.Slice(plainEnd, tagLength);
            bool verified;
            if (encrypted)
            {
                Span<byte> aad = stackalloc byte[RtcpHeaderLength + 4];
                packet[..RtcpHeaderLength].CopyTo(aad);
                BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], eIndex);
                Span<byte> body = packet[RtcpHeaderLength..plainEnd];
                verified = _rtcpGcm!.TryDecrypt(iv, body, tag, body, aad);
            }
            else
            {
                // RFC 7714 §9.2: unencrypted SRTCP authenticates the whole packet and E || index as AAD.
                if (_aadScratch is null || _aadScratch.Length < plainEnd + 4)
                {
                    _aadScratch = new byte[Math.Max(plainEnd + 4, 1500)];
                }

                packet[..plainEnd].CopyTo(_aadScratch);
                BinaryPrimitives.WriteUInt32BigEndian(_aadScratch.AsSpan(plainEnd), eIndex);
                verified = _rtcpGcm!.TryDecrypt(iv, [], tag, [], _aadScratch.AsSpan(0, plainEnd + 4));
            }

            if (!verified)
            {
                return Drop(SrtpStatus.AuthenticationFailed, ssrc, rtcp: true);
            }
        }
        else
        {
            Span<byte> mac = stackalloc byte[HmacSha1.OutputLength];
            _rtcpAuth!.Compute(packet[..(plainEnd + 4)], default, mac);
            if (!CryptographicOperations.FixedTimeEquals(mac[..tagLength], packet.Slice(plainEnd + 4, tagLength)))
            {
                return Drop(SrtpStatus.AuthenticationFailed, ssrc, rtcp: true);
            }

            if (encrypted)
            {
                Span<byte> iv = stackalloc byte[16];
                BuildCounterModeIv(_rtcpSalt, ssrc, index, iv);
                _rtcpCipher!.Transform(iv, packet[RtcpHeaderLength..plainEnd]);
            }
        }

        stream ??= GetOrAddStream(ssrc);
        if (stream is null)
        {
            return Drop(SrtpStatus.TooManyStreams, ssrc, rtcp: true);
        }

        stream.RtcpReplay.Update(index);
        Statistics.RtcpUnprotected++;
        rtcpLength = plainEnd;
        return SrtpStatus.Ok;
    }

    /// <summary>Protects in place and returns the new length; throws <see cref="SrtpException"/> on failure.</summary>
    public int ProtectRtcp(Span<byte> packet, int length)
    {
        SrtpStatus status = ProtectRtcp(packet, length, out int protectedLength);
        return status == SrtpStatus.Ok ? protectedLength : throw new SrtpException(status);
    }
}
