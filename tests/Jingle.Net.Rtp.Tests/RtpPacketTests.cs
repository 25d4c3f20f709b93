using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Jingle.Net.Rtp.Tests.TestHex;

namespace Jingle.Net.Rtp.Tests;

public sealed class RtpPacketTests
{
    [Fact]
    public void Parse_HeaderWithCsrcsOneByteExtensionAndPadding()
    {
        byte[] bytes = Parse(
            "B2 E0 12 34  00 00 10 00  DE AD BE EF" + // V=2 P=1 X=1 CC=2, M=1 PT=96, seq, ts, ssrc
            "00 00 00 01  00 00 00 02" +              // CSRCs
            "BE DE 00 02  10 AA 21 BB CC 00 00 00" +  // one-byte: id 1 len 1, id 2 len 2, padding
            "01 02 03" +                              // payload
            "00 00 03");                              // padding (3)
        RtpPacketView view = RtpPacketView.Parse(bytes);
        Assert.True(view.Marker);
        Assert.Equal(96, view.PayloadType);
        Assert.Equal(0x1234, view.SequenceNumber);
        Assert.Equal(0x1000u, view.Timestamp);
        Assert.Equal(0xDEADBEEFu, view.Ssrc);
        Assert.Equal(2, view.CsrcCount);
        Assert.Equal(2u, view.GetCsrc(1));
        Assert.Equal(32, view.HeaderLength);
        Assert.Equal([1, 2, 3], view.Payload.ToArray());
        Assert.Equal(3, view.PaddingLength);
        Assert.True(view.TryGetExtension(2, out ReadOnlySpan<byte> ext2));
        Assert.Equal([0xBB, 0xCC], ext2.ToArray());
        Assert.False(view.TryGetExtension(3, out _));

        RtpPacket packet = RtpPacket.Parse(bytes);
        Assert.Equal(2, packet.Extensions.Count);
        Assert.Equal(bytes, packet.ToArray()); // canonical form writes the same bytes
    }

    [Fact]
    public void Rfc8285_TwoByteForm_IsUsedWhenAnElementDoesNotFitOneByte()
    {
        var packet = new RtpPacket { PayloadType = 111, Ssrc = 5, Payload = new byte[] { 9 } };
        packet.Extensions.Add(new RtpHeaderExtension(1, [1]));
        packet.Extensions.Add(new RtpHeaderExtension(20, new byte[17]));
        byte[] bytes = packet.ToArray();
        RtpPacketView view = RtpPacketView.Parse(bytes);
        Assert.Equal(0x1000, view.ExtensionProfile);
        Assert.True(view.TryGetExtension(20, out ReadOnlySpan<byte> value));
        Assert.Equal(17, value.Length);
        Assert.Equal(packet, RtpPacket.Parse(bytes));

        packet.Extensions.RemoveAt(1);
        Assert.Equal(0xBEDE, RtpPacketView.Parse(packet.ToArray()).ExtensionProfile);
    }

    [Fact]
    public void Rfc8285_OneByteId15_StopsProcessing()
    {
        byte[] bytes = Parse("90 60 00 01 00 00 00 01 00 00 00 02  BE DE 00 01  F0 10 AA 00  FF");
        RtpPacketView view = RtpPacketView.Parse(bytes);
        Assert.False(view.TryGetExtension(1, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("80 60 00 01 00 00 00 01 00 00 00")] // 11 bytes
    [InlineData("40 60 00 01 00 00 00 01 00 00 00 02")] // version 1
    [InlineData("81 60 00 01 00 00 00 01 00 00 00 02")] // CSRC missing
    [InlineData("90 60 00 01 00 00 00 01 00 00 00 02 BE DE 00 05 00 00 00 00")] // extension too long
    [InlineData("A0 60 00 01 00 00 00 01 00 00 00 02 01 02 09")] // padding larger than packet
    [InlineData("A0 60 00 01 00 00 00 01 00 00 00 02 01 02 00")] // padding count 0
    public void Parse_Malformed_ThrowsParseError(string hex)
    {
        byte[] bytes = Parse(hex);
        Assert.False(RtpPacketView.TryParse(bytes, out _, out string? error));
        Assert.NotNull(error);
        Assert.Throws<RtpParseException>(() => RtpPacket.Parse(bytes));
    }

    [Property(MaxTest = 300)]
    public bool RoundTrip_ParseOfWrite_EqualsOriginal(bool marker, byte payloadType, ushort seq, uint ts, uint ssrc,
        uint[] csrcs, byte[] payload, byte padding, byte[][] extensionValues, bool twoByte)
    {
        var packet = new RtpPacket
        {
            Marker = marker,
            PayloadType = (byte)(payloadType & 0x7F),
            SequenceNumber = seq,
            Timestamp = ts,
            Ssrc = ssrc,
            Payload = payload ?? [],
            PaddingLength = padding,
        };
        foreach (uint c in (csrcs ?? []).Take(15))
        {
            packet.Csrcs.Add(c);
        }

        byte id = 1;
        foreach (byte[] value in (extensionValues ?? []).Take(10))
        {
            byte[] v = value ?? [];
            v = twoByte ? v.Take(255).ToArray() : v.Take(16).ToArray();
            if (v.Length == 0 && !twoByte)
            {
                v = [0x42];
            }

            packet.Extensions.Add(new RtpHeaderExtension(id++, v));
        }

        if (twoByte)
        {
            packet.Extensions.Add(new RtpHeaderExtension(200, [1, 2, 3]));
        }

        byte[] bytes = packet.ToArray();
        return RtpPacket.Parse(bytes).Equals(packet) && bytes.Length == packet.GetSerializedLength();
    }

    [Property(MaxTest = 1000)]
    public bool ArbitraryBytes_ParseOrParseErrorOnly(byte[] bytes)
    {
        bytes ??= [];
        if (bytes.Length > 0)
        {
            bytes[0] = (byte)((bytes[0] & 0x3F) | 0x80); // mostly version 2, to get past the first check
        }

        try
        {
            RtpPacket.Parse(bytes);
            RtpPacketView.TryParse(bytes, out _, out _);
            return true;
        }
        catch (RtpParseException)
        {
            return true;
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x60 }, RtpPacketKind.Unknown)]
    [InlineData(new byte[] { 0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2 }, RtpPacketKind.Rtp)]
    [InlineData(new byte[] { 0x80, 0xE0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2 }, RtpPacketKind.Rtp)] // PT 96 with marker
    [InlineData(new byte[] { 0x81, 0xC8, 0, 6, 0, 0, 0, 1 }, RtpPacketKind.Rtcp)] // SR
    [InlineData(new byte[] { 0x81, 0xCD, 0, 2, 0, 0, 0, 1 }, RtpPacketKind.Rtcp)] // RTPFB
    [InlineData(new byte[] { 0x00, 0x01, 0, 0, 0x21, 0x12, 0xA4, 0x42 }, RtpPacketKind.Unknown)] // STUN
    [InlineData(new byte[] { 0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0 }, RtpPacketKind.Unknown)] // DTLS
    public void Rfc5761_Demultiplex_ByPayloadTypeRange(byte[] packet, RtpPacketKind expected)
        => Assert.Equal(expected, RtpDemultiplexer.Classify(packet));
}
