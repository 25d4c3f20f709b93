using Jingle.Net.Ice.Dtls;
using Jingle.Net.Rtp.Srtp;
using Jingle.Net.Testing;
using static Jingle.Net.Rtp.Tests.Srtp.SrtpTestPackets;

namespace Jingle.Net.Rtp.Tests.Srtp;

/// <summary>
/// Cross-check with Debian's libsrtp2: what one protects the other unprotects, both ways, SRTP and SRTCP, every
/// profile, across a sequence-number wrap (so both agree on the ROC), and a tampered packet fails in libsrtp too.
/// </summary>
[Trait("Category", TestCategories.Interop)]
public sealed class LibSrtpInteropTests
{
    public static TheoryData<SrtpProtectionProfile> Profiles => new(AllProfiles);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Srtp_OursProtects_LibSrtpUnprotects(SrtpProtectionProfile profile)
    {
        RequireLibSrtp();
        (byte[] key, byte[] salt) = MasterKey(profile, 11);
        using SrtpContext ours = SrtpContext.Create(profile, key, salt);
        using var theirs = new LibSrtp(profile, key, salt, inbound: true);
        ushort seq = 65530;
        for (int i = 0; i < 12; i++, seq++)
        {
            byte[] packet = MakeRtp(seq, 0x11223344, 1200 - (i * 37), out int length, csrcCount: i % 3, extension: i % 2 == 0);
            byte[] original = packet[..length];
            Assert.Equal(SrtpStatus.Ok, ours.ProtectRtp(packet, length, out int protectedLength));
            int plain = theirs.Unprotect(packet, protectedLength, rtcp: false);
            Assert.True(plain > 0, $"libsrtp srtp_unprotect failed with status {-plain} for seq {seq}");
            Assert.Equal(original, packet[..plain]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Srtp_LibSrtpProtects_OursUnprotects(SrtpProtectionProfile profile)
    {
        RequireLibSrtp();
        (byte[] key, byte[] salt) = MasterKey(profile, 12);
        using var theirs = new LibSrtp(profile, key, salt, inbound: false);
        using SrtpContext ours = SrtpContext.Create(profile, key, salt);
        ushort seq = 65530;
        for (int i = 0; i < 12; i++, seq++)
        {
            byte[] packet = MakeRtp(seq, 0x55667788, 1200 - (i * 41), out int length, csrcCount: i % 2, extension: i % 3 == 0);
            byte[] original = packet[..length];
            int protectedLength = theirs.Protect(packet, length, rtcp: false);
            Assert.Equal(SrtpStatus.Ok, ours.UnprotectRtp(packet, protectedLength, out int plain));
            Assert.Equal(original, packet[..plain]);
        }

        Assert.Equal(1u, ours.GetRolloverCounter(0x55667788));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Srtcp_OursProtects_LibSrtpUnprotects(SrtpProtectionProfile profile)
    {
        RequireLibSrtp();
        (byte[] key, byte[] salt) = MasterKey(profile, 13);
        using SrtpContext ours = SrtpContext.Create(profile, key, salt);
        using var theirs = new LibSrtp(profile, key, salt, inbound: true);
        for (int i = 0; i < 5; i++)
        {
            byte[] packet = MakeRtcp(0x01020304, out int length);
            byte[] original = packet[..length];
            Assert.Equal(SrtpStatus.Ok, ours.ProtectRtcp(packet, length, out int protectedLength));
            int plain = theirs.Unprotect(packet, protectedLength, rtcp: true);
            Assert.True(plain > 0, $"libsrtp srtp_unprotect_rtcp failed with status {-plain}");
            Assert.Equal(original, packet[..plain]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Srtcp_LibSrtpProtects_OursUnprotects(SrtpProtectionProfile profile)
    {
        RequireLibSrtp();
        (byte[] key, byte[] salt) = MasterKey(profile, 14);
        using var theirs = new LibSrtp(profile, key, salt, inbound: false);
        using SrtpContext ours = SrtpContext.Create(profile, key, salt);
        for (int i = 0; i < 5; i++)
        {
            byte[] packet = MakeRtcp(0x0A0B0C0D, out int length);
            byte[] original = packet[..length];
            int protectedLength = theirs.Protect(packet, length, rtcp: true);
            Assert.Equal(SrtpStatus.Ok, ours.UnprotectRtcp(packet, protectedLength, out int plain));
            Assert.Equal(original, packet[..plain]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Srtp_TamperedByUs_IsRejectedByLibSrtp(SrtpProtectionProfile profile)
    {
        RequireLibSrtp();
        (byte[] key, byte[] salt) = MasterKey(profile, 15);
        using SrtpContext ours = SrtpContext.Create(profile, key, salt);
        using var theirs = new LibSrtp(profile, key, salt, inbound: true);
        byte[] packet = MakeRtp(1, 9, 200, out int length);
        ours.ProtectRtp(packet, length, out int protectedLength);
        packet[40] ^= 0x04;
        Assert.True(theirs.Unprotect(packet, protectedLength, rtcp: false) < 0);
    }

    private static void RequireLibSrtp()
    {
        if (!LibSrtp.IsAvailable)
        {
            Requires.File("/usr/lib/x86_64-linux-gnu/" + LibSrtp.Library, "apt-get install libsrtp2-1");
        }
    }
}
