namespace Jingle.Net;

/// <summary>
/// One SRTP-decrypted RTP packet of an <see cref="RtpReceiver"/> (the raw path until the media engines arrive).
/// The instance and its memory are reused: they are valid only inside the handler; copy what you keep.
/// </summary>
public sealed class RtpPacketReceivedEventArgs : EventArgs
{
    internal RtpPacketReceivedEventArgs()
    {
    }

    /// <summary>The whole decrypted RTP packet (header, extensions, payload, padding).</summary>
    public ReadOnlyMemory<byte> Packet { get; private set; }

    /// <summary>The payload (after the header and extensions, before padding).</summary>
    public ReadOnlyMemory<byte> Payload { get; private set; }

    /// <summary>The RTP payload type.</summary>
    public int PayloadType { get; private set; }

    /// <summary>The RTP sequence number.</summary>
    public ushort SequenceNumber { get; private set; }

    /// <summary>The RTP timestamp.</summary>
    public uint Timestamp { get; private set; }

    /// <summary>The RTP SSRC.</summary>
    public uint Ssrc { get; private set; }

    /// <summary>The RTP marker bit.</summary>
    public bool Marker { get; private set; }

    internal void Set(byte[] buffer, int length, int headerLength, int payloadLength, int payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker)
    {
        Packet = new ReadOnlyMemory<byte>(buffer, 0, length);
        Payload = new ReadOnlyMemory<byte>(buffer, headerLength, payloadLength);
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Marker = marker;
    }
}
