using FsCheck.Xunit;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Rtp.Srtp;
using static Jingle.Net.Rtp.Tests.Srtp.SrtpTestPackets;

namespace Jingle.Net.Rtp.Tests.Srtp;

/// <summary>Whatever arrives, unprotect never throws, never accepts a forgery, and counts each drop once.</summary>
public sealed class SrtpArbitraryInputProperties
{
    [Property(MaxTest = 500)]
    public bool ArbitraryBytes_AreDroppedAndCounted_NeverThrow(byte[] bytes, byte profileSeed, bool rtcp)
    {
        SrtpProtectionProfile profile = AllProfiles[profileSeed % AllProfiles.Length];
        (SrtpContext _, SrtpContext receiver) = Pair(profile);
        using (receiver)
        {
            bytes ??= [];
            if (bytes.Length > 1)
            {
                bytes[0] = (byte)((bytes[0] & 0x3F) | 0x80); // version 2, so most inputs reach the tag check
            }

            SrtpStatus status = rtcp ? receiver.UnprotectRtcp(bytes, bytes.Length, out _) : receiver.UnprotectRtp(bytes, bytes.Length, out _);
            SrtpStatistics s = receiver.Statistics;
            return status is SrtpStatus.Malformed or SrtpStatus.AuthenticationFailed
                && s.MalformedDropped + s.AuthenticationFailures == 1 && s.RtpUnprotected + s.RtcpUnprotected == 0;
        }
    }

    [Property(MaxTest = 300)]
    public bool FlippingAnyBitOfAProtectedPacket_FailsAuthentication(ushort seq, byte profileSeed, int bitSeed, bool rtcp)
    {
        SrtpProtectionProfile profile = AllProfiles[profileSeed % AllProfiles.Length];
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] packet = rtcp ? MakeRtcp(0x77, out int length) : MakeRtp(seq, 0x77, 64, out length);
            int n;
            SrtpStatus ok = rtcp ? sender.ProtectRtcp(packet, length, out n) : sender.ProtectRtp(packet, length, out n);
            int bit = (int)((uint)bitSeed % (uint)(n * 8));
            packet[bit / 8] ^= (byte)(1 << (bit % 8));
            SrtpStatus status = rtcp ? receiver.UnprotectRtcp(packet, n, out _) : receiver.UnprotectRtp(packet, n, out _);
            // A flipped version bit makes the packet malformed; any other flip must fail authentication.
            return ok == SrtpStatus.Ok && status is SrtpStatus.AuthenticationFailed or SrtpStatus.Malformed;
        }
    }
}
