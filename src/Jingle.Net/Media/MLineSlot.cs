namespace Jingle.Net;

/// <summary>
/// One m-line position of the session (RFC 9429 §5.2.2: later offers keep the m-line order): its current mid and
/// media, the data channel or the transceiver associated with it, and whether it is rejected (port 0), which makes
/// an RTP slot reusable by a new transceiver. Signaling thread.
/// </summary>
internal sealed class MLineSlot(string mid, string media)
{
    public string Mid { get; set; } = mid;

    public string Media { get; set; } = media;

    public bool IsData { get; set; }

    public bool Rejected { get; set; }

    public RtpTransceiver? Transceiver { get; set; }

    public bool IsRecyclable => !IsData && Rejected && (Transceiver is null || Transceiver.IsStopped);
}
