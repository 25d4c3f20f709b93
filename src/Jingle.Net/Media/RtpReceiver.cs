namespace Jingle.Net;

/// <summary>
/// W3C RTCRtpReceiver: the receiving half of an <see cref="RtpTransceiver"/>. Until the media engines arrive it
/// exposes the SRTP-decrypted RTP packets routed to it (by SSRC, mid header extension or payload type, RFC 8843
/// §9.2) through <see cref="RtpPacketReceived"/>.
/// </summary>
public sealed class RtpReceiver
{
    private readonly RtpPacketReceivedEventArgs _args = new();

    internal RtpReceiver(MediaKind kind)
    {
        Track = MediaStreamTrack.CreateRemote(kind, Guid.NewGuid().ToString("D"));
    }

    /// <summary>The remote track (W3C: exists from the transceiver's creation, with a locally chosen id).</summary>
    public MediaStreamTrack Track { get; }

    /// <summary>The negotiated codecs (empty before an answer is applied).</summary>
    public IReadOnlyList<RtpCodecParameters> Codecs { get; internal set; } = [];

    /// <summary>The remote SSRCs announced in the remote description (a=ssrc), and those learned from the mid extension.</summary>
    public IReadOnlyList<uint> RemoteSsrcs { get; internal set; } = [];

    /// <summary>
    /// Raised on the worker thread for each decrypted RTP packet of this receiver. The arguments are reused: valid
    /// only inside the handler. Handlers must be quick (they run on the network path).
    /// </summary>
    public event EventHandler<RtpPacketReceivedEventArgs>? RtpPacketReceived;

    internal RtpTransceiver? Transceiver { get; set; }

    // Worker-thread counters (inbound-rtp stats).
    internal long PacketsReceived { get; private set; }

    internal long BytesReceived { get; private set; }

    internal long HeaderBytesReceived { get; private set; }

    internal uint? LastSsrc { get; private set; }

    internal int LastPayloadType { get; private set; } = -1;

    internal void OnRtp(byte[] buffer, int length, int headerLength, int payloadLength, int payloadType, ushort sequenceNumber,
        uint timestamp, uint ssrc, bool marker)
    {
        PacketsReceived++;
        BytesReceived += payloadLength;
        HeaderBytesReceived += headerLength;
        LastSsrc = ssrc;
        LastPayloadType = payloadType;
        if (RtpPacketReceived is { } handler)
        {
            _args.Set(buffer, length, headerLength, payloadLength, payloadType, sequenceNumber, timestamp, ssrc, marker);
            handler(this, _args);
        }
    }
}
