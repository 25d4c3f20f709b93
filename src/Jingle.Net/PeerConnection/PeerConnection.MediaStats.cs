namespace Jingle.Net;

/// <summary>The RTP stream stats (webrtc-stats inbound-rtp / outbound-rtp) of the transceivers, on the worker thread.</summary>
public sealed partial class PeerConnection
{
    private void CollectMediaStats(List<RtcStats> stats, double now)
    {
        foreach (RtpTransceiver t in GetTransceivers())
        {
            if (t.Mid is null)
            {
                continue;
            }

            RtpSender sender = t.Sender;
            if (sender.PacketsSent > 0 || t.CurrentDirection is RtpTransceiverDirection.SendRecv or RtpTransceiverDirection.SendOnly)
            {
                stats.Add(new RtcStats("OT" + sender.Ssrc.ToString(System.Globalization.CultureInfo.InvariantCulture), "outbound-rtp", now,
                    new Dictionary<string, object?>
                    {
                        ["ssrc"] = sender.Ssrc,
                        ["kind"] = t.Kind.ToWireString(),
                        ["mid"] = t.Mid,
                        ["transportId"] = "T0",
                        ["packetsSent"] = sender.PacketsSent,
                        ["bytesSent"] = sender.BytesSent,
                        ["headerBytesSent"] = sender.HeaderBytesSent,
                        ["active"] = sender.Track is not null,
                    }));
            }

            RtpReceiver receiver = t.Receiver;
            if (receiver.LastSsrc is uint ssrc)
            {
                stats.Add(new RtcStats("IT" + ssrc.ToString(System.Globalization.CultureInfo.InvariantCulture), "inbound-rtp", now,
                    new Dictionary<string, object?>
                    {
                        ["ssrc"] = ssrc,
                        ["kind"] = t.Kind.ToWireString(),
                        ["mid"] = t.Mid,
                        ["trackIdentifier"] = receiver.Track.Id,
                        ["transportId"] = "T0",
                        ["packetsReceived"] = receiver.PacketsReceived,
                        ["bytesReceived"] = receiver.BytesReceived,
                        ["headerBytesReceived"] = receiver.HeaderBytesReceived,
                        ["jinglePayloadType"] = receiver.LastPayloadType,
                    }));
            }
        }
    }
}
