using System.Globalization;
using Jingle.Net.Rtp.Rtcp;
using Jingle.Net.Rtp.Session;

namespace Jingle.Net;

/// <summary>
/// The RTP stream stats (webrtc-stats inbound-rtp / outbound-rtp, and from RTCP remote-inbound-rtp /
/// remote-outbound-rtp) of the transceivers, on the worker thread.
/// </summary>
public sealed partial class PeerConnection
{
    /// <summary>Seconds between the NTP epoch (1900) and the Unix epoch (1970).</summary>
    private const ulong NtpToUnixSeconds = 2_208_988_800;

    private void CollectMediaStats(List<RtcStats> stats, double now)
    {
        foreach (RtpTransceiver t in GetTransceivers())
        {
            if (t.Mid is null)
            {
                continue;
            }

            CollectSenderStats(stats, now, t);
            CollectReceiverStats(stats, now, t);
        }
    }

    private static void CollectSenderStats(List<RtcStats> stats, double now, RtpTransceiver t)
    {
        RtpSender sender = t.Sender;
        if (sender.PacketsSent == 0 && t.CurrentDirection is not (RtpTransceiverDirection.SendRecv or RtpTransceiverDirection.SendOnly))
        {
            return;
        }

        string ssrc = sender.Ssrc.ToString(CultureInfo.InvariantCulture);
        RtpSenderStatistics s = sender.Statistics;
        var outbound = new Dictionary<string, object?>
        {
            ["ssrc"] = sender.Ssrc,
            ["kind"] = t.Kind.ToWireString(),
            ["mid"] = t.Mid,
            ["transportId"] = "T0",
            ["packetsSent"] = sender.PacketsSent,
            ["bytesSent"] = sender.BytesSent,
            ["headerBytesSent"] = sender.HeaderBytesSent,
            ["active"] = sender.Track is not null,
        };
        stats.Add(new RtcStats("OT" + ssrc, "outbound-rtp", now, outbound));
        if (s.LastReportBlock is not RtcpReportBlock block)
        {
            return;
        }

        // webrtc-stats §7.7 RTCRemoteInboundRtpStreamStats: what the remote's report blocks say about our stream.
        outbound["remoteId"] = "RI" + ssrc;
        var remote = new Dictionary<string, object?>
        {
            ["ssrc"] = sender.Ssrc,
            ["kind"] = t.Kind.ToWireString(),
            ["transportId"] = "T0",
            ["localId"] = "OT" + ssrc,
            ["packetsLost"] = (long)block.CumulativeLost,
            ["fractionLost"] = block.FractionLost / 256.0,
            ["jitter"] = block.InterarrivalJitter / (double)sender.DefaultClockRate,
            ["reportsReceived"] = s.ReportBlocksReceived,
            ["roundTripTimeMeasurements"] = s.RoundTripTimeMeasurements,
            ["totalRoundTripTime"] = s.TotalRoundTripTime.TotalSeconds,
        };
        if (s.RoundTripTime is TimeSpan rtt)
        {
            remote["roundTripTime"] = rtt.TotalSeconds;
        }

        stats.Add(new RtcStats("RI" + ssrc, "remote-inbound-rtp", now, remote));
    }

    private static void CollectReceiverStats(List<RtcStats> stats, double now, RtpTransceiver t)
    {
        RtpReceiver receiver = t.Receiver;
        if (receiver.LastSsrc is not uint ssrc)
        {
            return;
        }

        string id = ssrc.ToString(CultureInfo.InvariantCulture);
        var inbound = new Dictionary<string, object?>
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
        };
        stats.Add(new RtcStats("IT" + id, "inbound-rtp", now, inbound));
        if (!receiver.Sources.TryGetValue(ssrc, out RtpReceiverStatistics? source))
        {
            return;
        }

        inbound["packetsLost"] = source.CumulativeLost;
        inbound["jitter"] = source.Jitter / (double)source.ClockRate;
        if (source.SenderReportsReceived == 0)
        {
            return;
        }

        // webrtc-stats §7.9 RTCRemoteOutboundRtpStreamStats: the sender info of the remote's last SR.
        inbound["remoteId"] = "RO" + id;
        ulong ntp = source.RemoteNtpTimestamp;
        double remoteTimestamp = (((double)(ntp >> 32) - NtpToUnixSeconds) * 1000) + ((ntp & 0xFFFF_FFFF) * 1000.0 / 4294967296.0);
        stats.Add(new RtcStats("RO" + id, "remote-outbound-rtp", now, new Dictionary<string, object?>
        {
            ["ssrc"] = ssrc,
            ["kind"] = t.Kind.ToWireString(),
            ["transportId"] = "T0",
            ["localId"] = "IT" + id,
            ["remoteTimestamp"] = remoteTimestamp,
            ["reportsSent"] = source.SenderReportsReceived,
            ["packetsSent"] = (long)source.RemotePacketsSent,
            ["bytesSent"] = (long)source.RemoteOctetsSent,
        }));
    }
}
