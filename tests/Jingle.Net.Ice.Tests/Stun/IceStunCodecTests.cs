using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Jingle.Net.Ice.Stun;

namespace Jingle.Net.Ice.Tests.Stun;

public sealed class IceStunCodecTests
{
    [Fact]
    public void CheckRequest_RoundTrips_WithIntegrityAndFingerprint()
    {
        byte[] buffer = new byte[600];
        byte[] tid = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var w = new IceStunWriter(buffer, IceStunConstants.BindingRequest, tid);
        w.AddUsername("RUFR:LUFR"u8);
        w.AddUInt32(IceStunConstants.Priority, 1853824767);
        w.AddUInt64(IceStunConstants.IceControlling, 0x0102030405060708);
        w.AddFlag(IceStunConstants.UseCandidate);
        w.AddUInt32(IceStunConstants.Nomination, 3);
        w.AddMessageIntegrity("the-password-of-22-chars"u8);
        w.AddFingerprint();
        byte[] packet = w.Written.ToArray();

        Assert.Equal(IceStunParseResult.Ok, IceStunMessage.TryParse(packet, out IceStunMessage m));
        Assert.True(m.IsRequest);
        Assert.Equal(tid, m.TransactionId.ToArray());
        Assert.Equal("RUFR:LUFR"u8.ToArray(), m.Username.ToArray());
        Assert.Equal(1853824767u, m.Priority);
        Assert.True(m.HasControlling && m.ControllingTieBreaker == 0x0102030405060708);
        Assert.True(m.UseCandidate);
        Assert.Equal(3u, m.Nomination);
        Assert.True(m.HasFingerprint);
        Assert.True(m.VerifyIntegrity("the-password-of-22-chars"u8));
        Assert.False(m.VerifyIntegrity("the-password-of-22-charz"u8));
    }

    [Fact]
    public void Response_CarriesXorMappedAddress_AndErrorCode()
    {
        byte[] buffer = new byte[600];
        byte[] tid = new byte[12];
        var w = new IceStunWriter(buffer, IceStunConstants.BindingSuccessResponse, tid);
        var mapped = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 40000);
        w.AddAddress(IceStunConstants.XorMappedAddress, mapped);
        Assert.Equal(IceStunParseResult.Ok, IceStunMessage.TryParse(w.Written, out IceStunMessage m));
        Assert.Equal(mapped, m.GetMappedAddress());

        var e = new IceStunWriter(buffer, IceStunConstants.BindingErrorResponse, tid);
        e.AddErrorCode(487, "Role Conflict");
        Assert.Equal(IceStunParseResult.Ok, IceStunMessage.TryParse(e.Written, out IceStunMessage error));
        Assert.Equal(487, error.ErrorCode);
    }

    [Fact]
    public void CorruptedFingerprint_IsRejected()
    {
        byte[] buffer = new byte[64];
        var w = new IceStunWriter(buffer, IceStunConstants.BindingRequest, new byte[12]);
        w.AddFingerprint();
        byte[] packet = w.Written.ToArray();
        packet[^1] ^= 1;
        Assert.Equal(IceStunParseResult.BadFingerprint, IceStunMessage.TryParse(packet, out _));
    }

    [FsCheck.Xunit.Property]
    public bool ArbitraryBytes_NeverThrow(byte[] data)
    {
        IceStunParseResult r = IceStunMessage.TryParse(data ?? [], out IceStunMessage m);
        if (r == IceStunParseResult.Ok)
        {
            _ = m.GetMappedAddress();
            _ = m.VerifyIntegrity("k"u8);
        }

        return true;
    }

    [Theory]
    [InlineData(0, PacketKind.Stun)]
    [InlineData(3, PacketKind.Stun)]
    [InlineData(4, PacketKind.Unknown)]
    [InlineData(16, PacketKind.Zrtp)]
    [InlineData(20, PacketKind.Dtls)]
    [InlineData(63, PacketKind.Dtls)]
    [InlineData(64, PacketKind.TurnChannel)]
    [InlineData(79, PacketKind.TurnChannel)]
    [InlineData(80, PacketKind.Unknown)]
    [InlineData(127, PacketKind.Unknown)]
    [InlineData(128, PacketKind.RtpRtcp)]
    [InlineData(191, PacketKind.RtpRtcp)]
    [InlineData(192, PacketKind.Unknown)]
    public void Rfc7983_FirstByteDemultiplexing(byte first, PacketKind expected) =>
        Assert.Equal(expected, PacketDemultiplexer.Classify([first, 0, 0]));
}
