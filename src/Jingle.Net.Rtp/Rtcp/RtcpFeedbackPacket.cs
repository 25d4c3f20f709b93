using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>Common part of RTPFB/PSFB feedback messages (RFC 4585 §6.1): packet sender SSRC and media source SSRC, then FCI.</summary>
public abstract class RtcpFeedbackPacket : RtcpPacket
{
    public uint SenderSsrc { get; set; }

    public uint MediaSsrc { get; set; }

    protected sealed override int GetBodyLength() => 8 + GetFciLength();

    protected sealed override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt32BigEndian(body, SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], MediaSsrc);
        WriteFci(body[8..]);
    }

    /// <summary>Feedback control information length, a multiple of 4.</summary>
    protected abstract int GetFciLength();

    protected abstract void WriteFci(Span<byte> fci);
}
