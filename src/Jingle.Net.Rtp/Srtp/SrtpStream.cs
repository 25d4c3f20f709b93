namespace Jingle.Net.Rtp.Srtp;

/// <summary>Per-SSRC cryptographic state of one direction (RFC 3711 §3.2.1): ROC, s_l, replay lists, SRTCP index.</summary>
internal sealed class SrtpStream
{
    public SrtpStream(uint ssrc, int replayWindowSize)
    {
        Ssrc = ssrc;
        RtpReplay = new SrtpReplayWindow(replayWindowSize);
        RtcpReplay = new SrtpReplayWindow(replayWindowSize);
    }

    public uint Ssrc { get; }

    /// <summary>Highest 48-bit SRTP index (ROC * 2^16 + s_l) sent or authenticated; -1 before the first packet.</summary>
    public long HighestIndex { get; set; } = -1;

    public SrtpReplayWindow RtpReplay { get; }

    public SrtpReplayWindow RtcpReplay { get; }

    /// <summary>Next SRTCP index to send (31 bits, RFC 3711 §3.4).</summary>
    public uint NextRtcpIndex { get; set; }

    /// <summary>The rollover counter (RFC 3711 §3.3.1).</summary>
    public uint Roc => HighestIndex < 0 ? 0 : (uint)(HighestIndex >> 16);

    /// <summary>
    /// The index estimate of RFC 3711 §3.3.1 / appendix A for sequence number <paramref name="seq"/>. Before any
    /// packet the index is SEQ with ROC 0. May return a negative value (v = ROC - 1 while ROC is 0): such a packet
    /// predates the stream and is refused by the replay check.
    /// </summary>
    public long EstimateIndex(ushort seq)
    {
        if (HighestIndex < 0)
        {
            return seq;
        }

        long roc = HighestIndex >> 16;
        int sl = (int)(HighestIndex & 0xFFFF);
        long v;
        if (sl < 32768)
        {
            v = seq - sl > 32768 ? roc - 1 : roc;
        }
        else
        {
            v = sl - 32768 > seq ? roc + 1 : roc;
        }

        return (v << 16) | seq;
    }
}
