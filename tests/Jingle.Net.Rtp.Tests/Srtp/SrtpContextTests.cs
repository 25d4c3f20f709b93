using System.Buffers.Binary;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Rtp.Srtp;
using static Jingle.Net.Rtp.Tests.Srtp.SrtpTestPackets;

namespace Jingle.Net.Rtp.Tests.Srtp;

public sealed class SrtpContextTests
{
    public static TheoryData<SrtpProtectionProfile> Profiles => new(AllProfiles);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_ProtectThenUnprotect_RestoresPacket_WithCsrcsAndExtension(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] packet = MakeRtp(1000, 0xCAFE, 1200, out int length, csrcCount: 2, extension: true);
            byte[] original = packet[..length];
            Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(packet, length, out int protectedLength));
            Assert.Equal(length + sender.RtpOverhead, protectedLength);
            Assert.Equal(original[..28], packet[..28]); // the header stays in the clear
            Assert.NotEqual(original[28..], packet[28..length]);

            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packet, protectedLength, out int plainLength));
            Assert.Equal(original, packet[..plainLength]);
            Assert.Equal(1, receiver.Statistics.RtpUnprotected);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtcp_ProtectThenUnprotect_RestoresPacket(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            for (int n = 0; n < 3; n++)
            {
                byte[] packet = MakeRtcp(0xABCD, out int length);
                byte[] original = packet[..length];
                Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(packet, length, out int protectedLength));
                Assert.Equal(length + sender.RtcpOverhead, protectedLength);
                Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(packet, protectedLength, out int plainLength));
                Assert.Equal(original, packet[..plainLength]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_TamperedPacket_FailsAuthentication_IsCountedAndLeavesStateAlone(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] packet = MakeRtp(5, 0x1234, 160, out int length);
            sender.ProtectRtp(packet, length, out int protectedLength);
            byte[] pristine = packet[..protectedLength];

            foreach (int position in new[] { 1, 3, 20, protectedLength - 1 })
            {
                byte[] tampered = (byte[])pristine.Clone();
                tampered[position] ^= 0x01;
                Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtp(tampered, tampered.Length, out _));
            }

            Assert.Equal(4, receiver.Statistics.AuthenticationFailures);
            Assert.Null(receiver.GetRolloverCounter(0x1234)); // no state from forged packets
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(pristine, pristine.Length, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtcp_TamperedPacket_FailsAuthentication(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] packet = MakeRtcp(9, out int length);
            sender.ProtectRtcp(packet, length, out int protectedLength);
            packet[10] ^= 0x80;
            Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtcp(packet, protectedLength, out _));
            Assert.Equal(1, receiver.Statistics.AuthenticationFailures);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_ReplayedPacket_IsDroppedAndCounted(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] packet = MakeRtp(77, 0x55, 100, out int length);
            sender.ProtectRtp(packet, length, out int protectedLength);
            byte[] copy = packet[..protectedLength];
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packet, protectedLength, out _));
            Assert.Equal(SrtpStatus.ReplayDetected, receiver.UnprotectRtp(copy, copy.Length, out _));
            Assert.Equal(1, receiver.Statistics.ReplaysDropped);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtcp_ReplayedPacket_IsDroppedAndCounted(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] packet = MakeRtcp(0x66, out int length);
            sender.ProtectRtcp(packet, length, out int protectedLength);
            byte[] copy = packet[..protectedLength];
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(packet, protectedLength, out _));
            Assert.Equal(SrtpStatus.ReplayDetected, receiver.UnprotectRtcp(copy, copy.Length, out _));
            Assert.Equal(1, receiver.Statistics.ReplaysDropped);
        }
    }

    [Fact]
    public void Rtp_PacketOlderThanReplayWindow_IsDropped_ReorderedInsideWindow_IsAccepted()
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(SrtpProtectionProfile.Aes128CmHmacSha1_80, new SrtpOptions { ReplayWindowSize = 64 });
        using (sender)
        using (receiver)
        {
            var packets = new List<byte[]>();
            for (ushort seq = 0; seq < 200; seq++)
            {
                byte[] p = MakeRtp(seq, 1, 20, out int length);
                sender.ProtectRtp(p, length, out int n);
                packets.Add(p[..n]);
            }

            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packets[150], packets[150].Length, out _));
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packets[100], packets[100].Length, out _)); // 50 behind: inside
            Assert.Equal(SrtpStatus.ReplayDetected, receiver.UnprotectRtp(packets[80], packets[80].Length, out _)); // 70 behind
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(packets[199], packets[199].Length, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtp_SequenceWrap_IncrementsRolloverCounter_OnBothSides(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            ushort seq = 65530;
            for (int i = 0; i < 12; i++, seq++)
            {
                byte[] p = MakeRtp(seq, 0x42, 50, out int length);
                Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(p, length, out int n));
                Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(p, n, out _));
            }

            Assert.Equal(1u, sender.GetRolloverCounter(0x42));
            Assert.Equal(1u, receiver.GetRolloverCounter(0x42));
        }
    }

    [Fact]
    public void Rtp_ReceiverWithWrongRolloverCounter_FailsAuthentication()
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(SrtpProtectionProfile.Aes128CmHmacSha1_80);
        using (sender)
        using (receiver)
        {
            sender.SetRolloverCounter(7, 3, 100);
            byte[] p = MakeRtp(101, 7, 50, out int length);
            sender.ProtectRtp(p, length, out int n);
            byte[] copy = p[..n];
            Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtp(p, n, out _));
            receiver.SetRolloverCounter(7, 3, 99);
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(copy, copy.Length, out _));
        }
    }

    [Fact]
    public void Create_UnsupportedProfile_ThrowsNotSupportedNamingTheProfile()
    {
        var error = Assert.Throws<NotSupportedException>(() => SrtpContext.Create((SrtpProtectionProfile)0x0005, new byte[16], new byte[14]));
        Assert.Contains("0x0005", error.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => SrtpContext.Create(SrtpProtectionProfile.None, new byte[16], new byte[14]));
        Assert.False(SrtpContext.IsSupported((SrtpProtectionProfile)0x0005));
        Assert.Throws<NotSupportedException>(() => DtlsSrtpKeys.CreateContexts((SrtpProtectionProfile)0x0006, new byte[60], true));
    }

    [Fact]
    public void Create_WrongKeyLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => SrtpContext.Create(SrtpProtectionProfile.AeadAes256Gcm, new byte[16], new byte[12]));
        Assert.Throws<ArgumentException>(() => SrtpContext.Create(SrtpProtectionProfile.Aes128CmHmacSha1_80, new byte[16], new byte[12]));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Malformed_Packets_AreDroppedAndCounted(SrtpProtectionProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] tooShort = new byte[10];
            tooShort[0] = 0x80;
            Assert.Equal(SrtpStatus.Malformed, receiver.UnprotectRtp(tooShort, tooShort.Length, out _));
            Assert.Equal(SrtpStatus.Malformed, receiver.UnprotectRtcp(tooShort, tooShort.Length, out _));
            byte[] badVersion = MakeRtp(1, 1, 40, out int length);
            badVersion[0] = 0x40;
            Assert.Equal(SrtpStatus.Malformed, receiver.UnprotectRtp(badVersion, length + 16, out _));
            byte[] badExtension = MakeRtp(1, 1, 40, out length, extension: true);
            BinaryPrimitives.WriteUInt16BigEndian(badExtension.AsSpan(14), 500);
            Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(badExtension, length, out _));
            Assert.Equal(3, receiver.Statistics.MalformedDropped);
            Assert.Equal(1, sender.Statistics.MalformedDropped);
        }
    }

    [Fact]
    public void Protect_WithoutRoomForTag_ReportsBufferTooSmall()
    {
        (SrtpContext sender, _) = Pair(SrtpProtectionProfile.Aes128CmHmacSha1_80);
        using (sender)
        {
            byte[] packet = MakeRtp(1, 1, 40, out int length);
            Assert.Equal(SrtpStatus.BufferTooSmall, sender.ProtectRtp(packet.AsSpan(0, length + 5), length, out _));
            Assert.Throws<SrtpException>(() => sender.ProtectRtp(packet.AsSpan(0, length + 5), length));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void DtlsSrtpKeys_ClientAndServerContexts_Interoperate(SrtpProtectionProfile profile)
    {
        byte[] material = new byte[DtlsSrtpKeys.GetKeyingMaterialLength(profile)];
        new Random(3).NextBytes(material);
        (SrtpContext clientOut, SrtpContext clientIn) = DtlsSrtpKeys.CreateContexts(profile, material, isDtlsClient: true);
        (SrtpContext serverOut, SrtpContext serverIn) = DtlsSrtpKeys.CreateContexts(profile, material, DtlsRole.Server);
        using (clientOut)
        using (clientIn)
        using (serverOut)
        using (serverIn)
        {
            byte[] a = MakeRtp(1, 10, 100, out int length);
            clientOut.ProtectRtp(a, length, out int n);
            byte[] a2 = a[..n];
            Assert.Equal(SrtpStatus.Ok, serverIn.UnprotectRtp(a, n, out _));
            Assert.Equal(SrtpStatus.AuthenticationFailed, clientIn.UnprotectRtp(a2, n, out _)); // the other key

            byte[] b = MakeRtp(1, 20, 100, out length);
            serverOut.ProtectRtp(b, length, out n);
            Assert.Equal(SrtpStatus.Ok, clientIn.UnprotectRtp(b, n, out _));
        }
    }

    [Fact]
    public void DtlsSrtpKeys_Split_FollowsRfc5764Layout()
    {
        byte[] material = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();
        byte[] lk = new byte[16], ls = new byte[14], rk = new byte[16], rs = new byte[14];
        DtlsSrtpKeys.Split(SrtpProtectionProfile.Aes128CmHmacSha1_80, material, isDtlsClient: false, lk, ls, rk, rs);
        Assert.Equal(material[16..32], lk); // server_write key
        Assert.Equal(material[46..60], ls); // server_write salt
        Assert.Equal(material[..16], rk);
        Assert.Equal(material[32..46], rs);
        Assert.Throws<ArgumentException>(() => DtlsSrtpKeys.Split(SrtpProtectionProfile.Aes128CmHmacSha1_80, material[..59], true, lk, ls, rk, rs));
    }
}
