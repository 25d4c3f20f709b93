using Jingle.Net.Rtp.Rtcp;
using FsCheck.Xunit;
using static Jingle.Net.Rtp.Tests.TestHex;

namespace Jingle.Net.Rtp.Tests.Rtcp;

public sealed class RtcpPacketTests
{
    [Fact]
    public void SenderReport_WithBlock_ParsesFields()
    {
        byte[] bytes = Parse(
            "81 C8 00 0C  00 00 00 2A  E4 1C 3B 2A 80 00 00 00  00 00 10 00  00 00 00 05  00 00 03 E8" +
            "00 00 00 07  19 FF FF FE  00 01 00 10  00 00 00 20  3B 2A 80 00  00 01 00 00");
        RtcpPacket packet = Assert.Single(RtcpCompoundPacket.Parse(bytes, allowReducedSize: false));
        var sr = Assert.IsType<RtcpSenderReport>(packet);
        Assert.Equal(42u, sr.Ssrc);
        Assert.Equal(0xE41C3B2A80000000UL, sr.NtpTimestamp);
        Assert.Equal(5u, sr.PacketCount);
        Assert.Equal(1000u, sr.OctetCount);
        RtcpReportBlock block = Assert.Single(sr.ReportBlocks);
        Assert.Equal(7u, block.Ssrc);
        Assert.Equal(0x19, block.FractionLost);
        Assert.Equal(-2, block.CumulativeLost); // 24-bit signed
        Assert.Equal(0x10010u, block.ExtendedHighestSequenceNumber);
        Assert.Equal(0x20u, block.InterarrivalJitter);
        Assert.Equal(bytes, sr.ToArray());
    }

    [Fact]
    public void Compound_SrSdesBye_Parses_AndWritesBack()
    {
        var sr = new RtcpSenderReport { Ssrc = 1, NtpTimestamp = 2, RtpTimestamp = 3, PacketCount = 4, OctetCount = 5 };
        RtcpSourceDescription sdes = RtcpSourceDescription.WithCanonicalName(1, "user@host");
        var bye = new RtcpBye { Reason = "done"u8.ToArray() };
        bye.Sources.Add(1);
        RtcpPacket[] packets = [sr, sdes, bye];
        byte[] buffer = new byte[RtcpCompoundPacket.GetSerializedLength(packets)];
        Assert.True(RtcpCompoundPacket.TryWrite(packets, buffer, out int written));
        Assert.Equal(buffer.Length, written);

        IReadOnlyList<RtcpPacket> parsed = RtcpCompoundPacket.Parse(buffer, allowReducedSize: false);
        Assert.Equal(packets, parsed);
        Assert.Equal("user@host", Assert.IsType<RtcpSourceDescription>(parsed[1]).Chunks[0].CanonicalName);
        Assert.Equal("done"u8.ToArray(), Assert.IsType<RtcpBye>(parsed[2]).Reason);
    }

    [Fact]
    public void Rfc5506_ReducedSize_AcceptedOnlyWhenAllowed()
    {
        byte[] pli = new RtcpPictureLossIndication { SenderSsrc = 1, MediaSsrc = 2 }.ToArray();
        Assert.IsType<RtcpPictureLossIndication>(Assert.Single(RtcpCompoundPacket.Parse(pli, allowReducedSize: true)));
        Assert.Throws<RtpParseException>(() => RtcpCompoundPacket.Parse(pli, allowReducedSize: false));
    }

    [Theory]
    [InlineData("81 C9 00 07 00 00 00 01")] // RR claims one block, length runs past the end
    [InlineData("41 C9 00 01 00 00 00 01")] // version 1
    [InlineData("80 C9 00 01 00 00 00 01 00 00")] // trailing bytes
    [InlineData("A0 C9 00 01 00 00 00 01  80 C9 00 01 00 00 00 01")] // padding in a packet that is not last
    [InlineData("A0 C9 00 01 00 00 00 09")] // padding longer than body
    [InlineData("8F CD 00 03 00 00 00 01 00 00 00 02 00 01 00 05")] // TWCC: 5 statuses but no chunk
    public void Malformed_ThrowsParseError(string hex)
    {
        Assert.Throws<RtpParseException>(() => RtcpCompoundPacket.Parse(Parse(hex)));
        Assert.False(RtcpCompoundPacket.TryParse(Parse(hex), true, out _, out string? error));
        Assert.NotNull(error);
    }

    [Fact]
    public void GenericNack_PacksLossesIntoPidAndBitmask()
    {
        ushort[] lost = [100, 101, 105, 116, 117, 65535, 0];
        RtcpGenericNack nack = RtcpGenericNack.FromLostPackets(1, 2, lost);
        Assert.Equal([(100, (ushort)0x8011), (117, (ushort)0), (65535, (ushort)1)], nack.Items);
        Assert.Equal(lost, nack.GetLostPackets());
        var parsed = Assert.IsType<RtcpGenericNack>(Assert.Single(RtcpCompoundPacket.Parse(nack.ToArray())));
        Assert.Equal(lost, parsed.GetLostPackets());
    }

    [Fact]
    public void Remb_BitrateMantissaExponent()
    {
        var remb = new RtcpRemb { SenderSsrc = 1, Bitrate = 1_500_000 };
        remb.Ssrcs.Add(0x1111);
        byte[] bytes = remb.ToArray();
        Assert.Equal(Parse("8F CE 00 05 00 00 00 01 00 00 00 00 52 45 4D 42 01 0E DC 6C 00 00 11 11"), bytes);
        var parsed = Assert.IsType<RtcpRemb>(Assert.Single(RtcpCompoundPacket.Parse(bytes)));
        Assert.Equal(1_500_000UL, parsed.Bitrate);
        Assert.Equal([0x1111u], parsed.Ssrcs);
    }

    [Fact]
    public void Remb_ExponentBeyond64Bits_Saturates_InsteadOfFailingTheCompound()
    {
        byte[] bytes = Parse("8F CE 00 04 00 00 00 01 00 00 00 00 52 45 4D 42 00 FF FF FF");
        var remb = Assert.IsType<RtcpRemb>(Assert.Single(RtcpCompoundPacket.Parse(bytes)));
        Assert.Equal(ulong.MaxValue, remb.Bitrate);
    }

    [Fact]
    public void TransportWideFeedback_ExampleRoundTrips_WithAllChunkKinds()
    {
        var fb = new RtcpTransportWideFeedback { SenderSsrc = 1, MediaSsrc = 2, BaseSequenceNumber = 65530, ReferenceTime = -3, FeedbackPacketCount = 9 };
        void Add(TransportFeedbackStatus s, short delta = 0)
        {
            fb.Statuses.Add(s);
            if (s != TransportFeedbackStatus.NotReceived)
            {
                fb.Deltas.Add(delta);
            }
        }

        for (int i = 0; i < 20; i++)
        {
            Add(TransportFeedbackStatus.ReceivedSmallDelta, (short)(i * 4)); // run-length chunk
        }

        Add(TransportFeedbackStatus.NotReceived);
        Add(TransportFeedbackStatus.ReceivedSmallDelta, 255); // 1-bit vector
        Add(TransportFeedbackStatus.ReceivedLargeDelta, -400); // 2-bit vector
        Add(TransportFeedbackStatus.ReceivedLargeDelta, 30000);

        byte[] bytes = fb.ToArray();
        var parsed = Assert.IsType<RtcpTransportWideFeedback>(Assert.Single(RtcpCompoundPacket.Parse(bytes)));
        Assert.Equal(fb.Statuses, parsed.Statuses);
        Assert.Equal(fb.Deltas, parsed.Deltas);
        Assert.Equal(-3, parsed.ReferenceTime);
        Assert.Equal(65530, parsed.BaseSequenceNumber);
        Assert.Equal(9, parsed.FeedbackPacketCount);
        Assert.Equal(0, bytes.Length % 4);
    }

    [Fact]
    public void FullIntraRequest_And_App_RoundTrip()
    {
        var fir = new RtcpFullIntraRequest { SenderSsrc = 1 };
        fir.Entries.Add((0xABCD, 7));
        var app = new RtcpApp { Subtype = 3, Ssrc = 4, Name = 0x54455354, Data = [1, 2, 3, 4] };
        IReadOnlyList<RtcpPacket> parsed = RtcpCompoundPacket.Parse([.. fir.ToArray(), .. app.ToArray()]);
        Assert.Equal((0xABCDu, (byte)7), Assert.IsType<RtcpFullIntraRequest>(parsed[0]).Entries[0]);
        var parsedApp = Assert.IsType<RtcpApp>(parsed[1]);
        Assert.Equal(3, parsedApp.Subtype);
        Assert.Equal(0x54455354u, parsedApp.Name);
    }

    [Fact]
    public void UnknownType_IsKeptRaw()
    {
        byte[] bytes = Parse("85 CF 00 01 01 02 03 04");
        var unknown = Assert.IsType<RtcpUnknownPacket>(Assert.Single(RtcpCompoundPacket.Parse(bytes)));
        Assert.Equal((RtcpPacketType)207, unknown.PacketType);
        Assert.Equal(bytes, unknown.ToArray());
    }

    [Property(MaxTest = 2000)]
    public bool ArbitraryBytes_ParseOrParseErrorOnly(byte[] bytes, byte type, byte format)
    {
        bytes ??= [];
        byte[] data = new byte[bytes.Length + 4];
        data[0] = (byte)(0x80 | (format & 0x3F));
        data[1] = (byte)(200 + (type % 8));
        data[2] = (byte)((data.Length / 4) - 1 >> 8);
        data[3] = (byte)((data.Length / 4) - 1);
        bytes.CopyTo(data, 4);
        try
        {
            RtcpCompoundPacket.Parse(data);
            RtcpCompoundPacket.Parse(bytes);
        }
        catch (RtpParseException)
        {
        }

        return true;
    }
}
