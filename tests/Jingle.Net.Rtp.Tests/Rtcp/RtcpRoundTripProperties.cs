using FsCheck.Xunit;
using Jingle.Net.Rtp.Rtcp;

namespace Jingle.Net.Rtp.Tests.Rtcp;

/// <summary>Parse(Write(x)) == x for every RTCP packet type, alone and in a compound packet.</summary>
public sealed class RtcpRoundTripProperties
{
    private static bool RoundTrips(RtcpPacket packet)
    {
        byte[] bytes = packet.ToArray();
        RtcpPacket parsed = Assert.Single(RtcpCompoundPacket.Parse(bytes));
        return parsed.GetType() == packet.GetType() && parsed.Equals(packet) && bytes.Length == packet.GetSerializedLength() && bytes.Length % 4 == 0;
    }

    private static IEnumerable<RtcpReportBlock> Blocks(uint[]? seeds) => (seeds ?? []).Take(31).Select(s =>
        new RtcpReportBlock(s, (byte)s, (int)(s % 0x1000000) - 0x800000, s * 3, s >> 3, s ^ 0x5555, s + 1));

    [Property]
    public bool SenderReport(uint ssrc, ulong ntp, uint rtp, uint packets, uint octets, uint[] blocks)
    {
        var sr = new RtcpSenderReport { Ssrc = ssrc, NtpTimestamp = ntp, RtpTimestamp = rtp, PacketCount = packets, OctetCount = octets };
        foreach (RtcpReportBlock b in Blocks(blocks))
        {
            sr.ReportBlocks.Add(b);
        }

        var parsed = (RtcpSenderReport)RtcpCompoundPacket.Parse(sr.ToArray())[0];
        return RoundTrips(sr) && parsed.NtpTimestamp == ntp && parsed.ReportBlocks.SequenceEqual(sr.ReportBlocks);
    }

    [Property]
    public bool ReceiverReport(uint ssrc, uint[] blocks)
    {
        var rr = new RtcpReceiverReport { Ssrc = ssrc };
        foreach (RtcpReportBlock b in Blocks(blocks))
        {
            rr.ReportBlocks.Add(b);
        }

        var parsed = (RtcpReceiverReport)RtcpCompoundPacket.Parse(rr.ToArray())[0];
        return RoundTrips(rr) && parsed.ReportBlocks.SequenceEqual(rr.ReportBlocks);
    }

    [Property]
    public bool SourceDescription(uint[] ssrcs, string[] names)
    {
        var sdes = new RtcpSourceDescription();
        int i = 0;
        foreach (uint ssrc in (ssrcs ?? []).Take(31))
        {
            var chunk = new RtcpSdesChunk(ssrc);
            foreach (string name in (names ?? []).Skip(i++).Take(3))
            {
                chunk.Items.Add(((RtcpSdesItemType)((i % 8) + 1), System.Text.Encoding.UTF8.GetBytes(name ?? string.Empty).Take(255).ToArray()));
            }

            sdes.Chunks.Add(chunk);
        }

        return RoundTrips(sdes);
    }

    [Property]
    public bool Bye(uint[] sources, byte[] reason, bool withReason)
    {
        var bye = new RtcpBye { Reason = withReason ? (reason ?? []).Take(255).ToArray() : null };
        foreach (uint s in (sources ?? []).Take(31))
        {
            bye.Sources.Add(s);
        }

        return RoundTrips(bye);
    }

    [Property]
    public bool App(byte subtype, uint ssrc, uint name, byte[] data)
    {
        data ??= [];
        var app = new RtcpApp { Subtype = (byte)(subtype & 0x1F), Ssrc = ssrc, Name = name, Data = data[..(data.Length & ~3)] };
        return RoundTrips(app);
    }

    [Property]
    public bool GenericNack(uint sender, uint media, ushort[] lost)
    {
        ushort[] sorted = (lost ?? []).Distinct().Order().ToArray();
        RtcpGenericNack nack = RtcpGenericNack.FromLostPackets(sender, media, sorted);
        var parsed = (RtcpGenericNack)RtcpCompoundPacket.Parse(nack.ToArray())[0];
        return RoundTrips(nack) && parsed.GetLostPackets().SequenceEqual(sorted);
    }

    [Property]
    public bool PictureLossIndication(uint sender, uint media)
        => RoundTrips(new RtcpPictureLossIndication { SenderSsrc = sender, MediaSsrc = media });

    [Property]
    public bool FullIntraRequest(uint sender, uint[] ssrcs, byte seq)
    {
        var fir = new RtcpFullIntraRequest { SenderSsrc = sender };
        foreach (uint s in ssrcs ?? [])
        {
            fir.Entries.Add((s, (byte)(seq + s)));
        }

        return RoundTrips(fir);
    }

    [Property]
    public bool Remb(uint sender, ulong bitrate, uint[] ssrcs)
    {
        var remb = new RtcpRemb { SenderSsrc = sender, Bitrate = bitrate };
        foreach (uint s in (ssrcs ?? []).Take(255))
        {
            remb.Ssrcs.Add(s);
        }

        var parsed = (RtcpRemb)RtcpCompoundPacket.Parse(remb.ToArray())[0];
        // Mantissa/exponent keeps the top 18 bits: the parsed value is within 2^-17 of the original, never above.
        return RoundTrips(remb) && parsed.Bitrate <= bitrate && (bitrate - parsed.Bitrate) <= (bitrate >> 17);
    }

    [Property(MaxTest = 300)]
    public bool TransportWideFeedback(ushort baseSeq, int reference, byte count, byte[] statusSeeds, short[] deltaSeeds)
    {
        var fb = new RtcpTransportWideFeedback
        {
            SenderSsrc = 1,
            MediaSsrc = 2,
            BaseSequenceNumber = baseSeq,
            ReferenceTime = (reference << 8) >> 8,
            FeedbackPacketCount = count,
        };
        deltaSeeds = deltaSeeds is { Length: > 0 } ? deltaSeeds : [1];
        int d = 0;
        foreach (byte seed in statusSeeds ?? [])
        {
            // Runs make run-length chunks likely as well as vectors.
            var status = (TransportFeedbackStatus)(seed % 3);
            for (int r = 0; r < 1 + (seed >> 5); r++)
            {
                fb.Statuses.Add(status);
                short delta = deltaSeeds[d++ % deltaSeeds.Length];
                if (status == TransportFeedbackStatus.ReceivedSmallDelta)
                {
                    fb.Deltas.Add((short)(delta & 0xFF));
                }
                else if (status == TransportFeedbackStatus.ReceivedLargeDelta)
                {
                    fb.Deltas.Add(delta);
                }
            }
        }

        var parsed = (RtcpTransportWideFeedback)RtcpCompoundPacket.Parse(fb.ToArray())[0];
        return RoundTrips(fb) && parsed.Statuses.SequenceEqual(fb.Statuses) && parsed.Deltas.SequenceEqual(fb.Deltas)
            && parsed.ReferenceTime == fb.ReferenceTime;
    }

    [Property]
    public bool Compound_OfEveryType(uint ssrc, ushort[] lost)
    {
        RtcpPacket[] packets =
        [
            new RtcpReceiverReport { Ssrc = ssrc },
            RtcpSourceDescription.WithCanonicalName(ssrc, "cname"),
            RtcpGenericNack.FromLostPackets(ssrc, 9, (lost ?? []).Distinct().Order()),
            new RtcpPictureLossIndication { SenderSsrc = ssrc, MediaSsrc = 9 },
            new RtcpRemb { SenderSsrc = ssrc, Bitrate = ssrc },
        ];
        byte[] buffer = new byte[RtcpCompoundPacket.GetSerializedLength(packets)];
        RtcpCompoundPacket.TryWrite(packets, buffer, out _);
        return RtcpCompoundPacket.Parse(buffer, allowReducedSize: false).SequenceEqual(packets);
    }
}
