using System.Buffers.Binary;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Rtp.Srtp;

namespace Jingle.Net.Rtp.Tests.Srtp;

internal static class SrtpTestPackets
{
    public static readonly SrtpProtectionProfile[] AllProfiles =
    [
        SrtpProtectionProfile.Aes128CmHmacSha1_80, SrtpProtectionProfile.Aes128CmHmacSha1_32,
        SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AeadAes256Gcm,
    ];

    public static (byte[] Key, byte[] Salt) MasterKey(SrtpProtectionProfile profile, int seed)
    {
        var random = new Random(seed);
        byte[] key = new byte[SrtpContext.GetMasterKeyLength(profile)];
        byte[] salt = new byte[SrtpContext.GetMasterSaltLength(profile)];
        random.NextBytes(key);
        random.NextBytes(salt);
        return (key, salt);
    }

    public static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProtectionProfile profile, SrtpOptions? options = null, int seed = 1)
    {
        (byte[] key, byte[] salt) = MasterKey(profile, seed);
        return (SrtpContext.Create(profile, key, salt, options), SrtpContext.Create(profile, key, salt, options));
    }

    /// <summary>An RTP packet (V=2) with spare room for the tag, filled with a recognizable payload.</summary>
    public static byte[] MakeRtp(ushort seq, uint ssrc, int payloadLength, out int length, int csrcCount = 0, bool extension = false)
    {
        int header = 12 + (4 * csrcCount) + (extension ? 8 : 0);
        length = header + payloadLength;
        byte[] packet = new byte[length + 64];
        packet[0] = (byte)(0x80 | (extension ? 0x10 : 0) | csrcCount);
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), seq * 960u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (int i = 0; i < csrcCount; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12 + (4 * i)), 0x1000u + (uint)i);
        }

        if (extension)
        {
            int x = 12 + (4 * csrcCount);
            packet[x] = 0xBE;
            packet[x + 1] = 0xDE;
            packet[x + 3] = 1;
            packet[x + 4] = 0x10;
            packet[x + 5] = 0x42;
        }

        for (int i = header; i < length; i++)
        {
            packet[i] = (byte)(i * 7);
        }

        return packet;
    }

    /// <summary>A receiver report with one report block, with room for the SRTCP trailer.</summary>
    public static byte[] MakeRtcp(uint ssrc, out int length)
    {
        length = 32;
        byte[] packet = new byte[length + 64];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        for (int i = 8; i < length; i++)
        {
            packet[i] = (byte)(i * 3);
        }

        return packet;
    }
}
