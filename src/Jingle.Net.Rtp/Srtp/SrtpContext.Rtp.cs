using System.Buffers.Binary;
using System.Security.Cryptography;
using Jingle.Net.Base.Crypto;

namespace Jingle.Net.Rtp.Srtp;

public sealed partial class SrtpContext
{
    /// <summary>
    /// Protects the RTP packet in <paramref name="packet"/>[0..<paramref name="length"/>) in place (RFC 3711 §3.3;
    /// RFC 7714 §8 for GCM): encrypts the payload and appends the tag, so <paramref name="packet"/> needs
    /// <see cref="RtpOverhead"/> spare bytes after the packet.
    /// </summary>
    public SrtpStatus ProtectRtp(Span<byte> packet, int length, out int protectedLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, packet.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        protectedLength = 0;
        if (length < 0 || !RtpWire.TryGetHeaderLength(packet[..length], out int headerLength))
        {
            return Drop(SrtpStatus.Malformed, 0, rtcp: false);
        }

        int tagLength = _info.RtpTagLength;
        if (packet.Length - length < tagLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        SrtpStream? stream = GetOrAddStream(ssrc);
        if (stream is null)
        {
            return Drop(SrtpStatus.TooManyStreams, ssrc, rtcp: false);
        }

        long index = stream.EstimateIndex(seq);
        if (index < 0)
        {
            index = seq;
        }

        if (index > stream.HighestIndex)
        {
            stream.HighestIndex = index;
        }

        if (_info.IsAead)
        {
            Span<byte> iv = stackalloc byte[12];
            BuildGcmRtpIv(_rtpSalt, ssrc, index, iv);
            Span<byte> payload = packet[headerLength..length];
            _rtpGcm!.Encrypt(iv, payload, payload, packet.Slice(length, tagLength), packet[..headerLength]);
        }
        else
        {
            Span<byte> iv = stackalloc byte[16];
            BuildCounterModeIv(_rtpSalt, ssrc, index, iv);
            _rtpCipher!.Transform(iv, packet[headerLength..length]);
            // The ROC goes where the tag will be (every tag is at least 4 bytes), so HMAC reads one contiguous span.
            BinaryPrimitives.WriteUInt32BigEndian(packet[length..], (uint)(index >> 16));
            Span<byte> mac = stackalloc byte[HmacSha1.OutputLength];
            _rtpAuth!.Compute(packet[..(length + 4)], default, mac);
            mac[..tagLength].CopyTo(packet[length..]);
        }

        Statistics.RtpProtected++;
        protectedLength = length + tagLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Verifies and decrypts the SRTP packet in <paramref name="packet"/>[0..<paramref name="length"/>) in place
    /// (RFC 3711 §3.3: index estimate, replay check, tag check in constant time, decryption, then the replay list
    /// and ROC update). Any failure drops the packet, counts it and leaves the stream state unchanged; the
    /// buffer's content is then unspecified (the tag area is reused as scratch).
    /// </summary>
    public SrtpStatus UnprotectRtp(Span<byte> packet, int length, out int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, packet.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        payloadLength = 0;
        int tagLength = _info.RtpTagLength;
        if (length < RtpWire.FixedHeaderLength + tagLength)
        {
            return Drop(SrtpStatus.Malformed, 0, rtcp: false);
        }

        int authenticatedLength = length - tagLength;
        if (!RtpWire.TryGetHeaderLength(packet[..authenticatedLength], out int headerLength))
        {
            return Drop(SrtpStatus.Malformed, 0, rtcp: false);
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        _streams.TryGetValue(ssrc, out SrtpStream? stream);
        long index = stream?.EstimateIndex(seq) ?? seq;
        if (stream is not null && !stream.RtpReplay.Check(index))
        {
            return Drop(SrtpStatus.ReplayDetected, ssrc, rtcp: false);
        }

        if (_info.IsAead)
        {
            Span<byte> iv = stackalloc byte[12];
            BuildGcmRtpIv(_rtpSalt, ssrc, index, iv);
            Span<byte> payload = packet[headerLength..authenticatedLength];
            if (!_rtpGcm!.TryDecrypt(iv, payload, packet.Slice(authenticatedLength, tagLength), payload, packet[..headerLength]))
            {
                return Drop(SrtpStatus.AuthenticationFailed, ssrc, rtcp: false);
            }
        }
        else
        {
            // Keep the received tag, put the ROC in its place and authenticate one contiguous span.
            Span<byte> receivedTag = stackalloc byte[HmacSha1.OutputLength];
            packet.Slice(authenticatedLength, tagLength).CopyTo(receivedTag);
            BinaryPrimitives.WriteUInt32BigEndian(packet[authenticatedLength..], (uint)(index >> 16));
            Span<byte> mac = stackalloc byte[HmacSha1.OutputLength];
            _rtpAuth!.Compute(packet[..(authenticatedLength + 4)], default, mac);
            if (!CryptographicOperations.FixedTimeEquals(mac[..tagLength], receivedTag[..tagLength]))
            {
                return Drop(SrtpStatus.AuthenticationFailed, ssrc, rtcp: false);
            }

            Span<byte> iv = stackalloc byte[16];
            BuildCounterModeIv(_rtpSalt, ssrc, index, iv);
            _rtpCipher!.Transform(iv, packet[headerLength..authenticatedLength]);
        }

        stream ??= GetOrAddStream(ssrc);
        if (stream is null)
        {
            return Drop(SrtpStatus.TooManyStreams, ssrc, rtcp: false);
        }

        stream.RtpReplay.Update(index);
        if (index > stream.HighestIndex)
        {
            stream.HighestIndex = index;
        }

        Statistics.RtpUnprotected++;
        payloadLength = authenticatedLength;
        return SrtpStatus.Ok;
    }

    /// <summary>Protects in place and returns the new length; throws <see cref="SrtpException"/> on failure.</summary>
    public int ProtectRtp(Span<byte> packet, int length)
    {
        SrtpStatus status = ProtectRtp(packet, length, out int protectedLength);
        return status == SrtpStatus.Ok ? protectedLength : throw new SrtpException(status);
    }
}
