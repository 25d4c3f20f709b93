using FsCheck.Xunit;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Rtp.Srtp;
using static Jingle.Net.Rtp.Tests.Srtp.SrtpTestPackets;

namespace Jingle.Net.Rtp.Tests.Srtp;

/// <summary>Sequence-number wraparound and ROC (RFC 3711 §3.3.1, appendix A) as properties.</summary>
public sealed class SrtpRolloverProperties
{
    [Property(MaxTest = 2000)]
    public bool IndexEstimate_RecoversTheTrueIndex_WithinHalfTheSequenceSpace(uint rocSeed, ushort highestSeq, short offset)
    {
        // Any packet whose true index is within 2^15 of the highest index seen is placed correctly.
        long highest = ((long)(rocSeed % 100_000 + 1) << 16) | highestSeq;
        long truth = highest + offset;
        var stream = new SrtpStream(1, 64) { HighestIndex = highest };
        return stream.EstimateIndex((ushort)truth) == truth;
    }

    [Property(MaxTest = 40)]
    public bool ProtectUnprotect_AcrossWraps_KeepsSenderAndReceiverRocInStep(ushort start, byte gapSeed, bool gcm)
    {
        SrtpProtectionProfile profile = gcm ? SrtpProtectionProfile.AeadAes128Gcm : SrtpProtectionProfile.Aes128CmHmacSha1_80;
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            // Walk 3 × 2^16 sequence numbers in steps of 16–255 (losses in between), so the stream wraps three times.
            int step = 16 + (gapSeed % 240);
            ushort seq = start;
            long sent = 0;
            bool ok = true;
            while (sent < 3L * 65536)
            {
                byte[] p = MakeRtp(seq, 0xFEED, 20, out int length);
                ok &= sender.ProtectRtp(p, length, out int n) == SrtpStatus.Ok;
                ok &= receiver.UnprotectRtp(p, n, out _) == SrtpStatus.Ok;
                seq = (ushort)(seq + step);
                sent += step;
            }

            uint expectedRoc = (uint)((start + sent - step) >> 16);
            return ok && sender.GetRolloverCounter(0xFEED) == expectedRoc && receiver.GetRolloverCounter(0xFEED) == expectedRoc;
        }
    }

    [Property(MaxTest = 100)]
    public bool ReplayWindow_AcceptsEachIndexOnce_RefusesOlderThanWindow(int[] indexSeeds)
    {
        var window = new SrtpReplayWindow(128);
        var accepted = new HashSet<long>();
        foreach (int seed in indexSeeds ?? [])
        {
            long index = Math.Abs((long)seed) % 5000;
            bool fresh = index > window.Highest || (window.Highest - index < 128 && !accepted.Contains(index));
            if (window.Check(index) != fresh)
            {
                return false;
            }

            if (fresh)
            {
                window.Update(index);
                accepted.Add(index);
            }
        }

        return true;
    }
}
