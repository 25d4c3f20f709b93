using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>Generic NACK (RFC 4585 §6.2.1): RTPFB FMT 1; each item is a PID and a bitmask of the 16 following losses.</summary>
public sealed class RtcpGenericNack : RtcpFeedbackPacket
{
    public const byte Format = 1;

    /// <summary>(PID, BLP) items.</summary>
    public IList<(ushort PacketId, ushort LostBitmask)> Items { get; } = new List<(ushort, ushort)>();

    public override RtcpPacketType PacketType => RtcpPacketType.TransportFeedback;

    public override byte CountOrFormat => Format;

    /// <summary>A NACK for <paramref name="lost"/> sequence numbers (in send order), packed into PID/BLP items.</summary>
    public static RtcpGenericNack FromLostPackets(uint senderSsrc, uint mediaSsrc, IEnumerable<ushort> lost)
    {
        var nack = new RtcpGenericNack { SenderSsrc = senderSsrc, MediaSsrc = mediaSsrc };
        int current = -1;
        ushort mask = 0;
        foreach (ushort seq in lost)
        {
            if (current >= 0)
            {
                int diff = (ushort)(seq - current);
                if (diff == 0)
                {
                    continue;
                }

                if (diff <= 16)
                {
                    mask |= (ushort)(1 << (diff - 1));
                    continue;
                }

                nack.Items.Add(((ushort)current, mask));
            }

            current = seq;
            mask = 0;
        }

        if (current >= 0)
        {
            nack.Items.Add(((ushort)current, mask));
        }

        return nack;
    }

    /// <summary>Every sequence number reported lost.</summary>
    public IEnumerable<ushort> GetLostPackets()
    {
        foreach ((ushort pid, ushort blp) in Items)
        {
            yield return pid;
            for (int bit = 0; bit < 16; bit++)
            {
                if ((blp & (1 << bit)) != 0)
                {
                    yield return (ushort)(pid + bit + 1);
                }
            }
        }
    }

    protected override int GetFciLength() => 4 * Items.Count;

    protected override void WriteFci(Span<byte> fci)
    {
        for (int i = 0; i < Items.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(fci[(4 * i)..], Items[i].PacketId);
            BinaryPrimitives.WriteUInt16BigEndian(fci[((4 * i) + 2)..], Items[i].LostBitmask);
        }
    }

    internal static RtcpGenericNack Read(ReadOnlySpan<byte> body)
    {
        var reader = new RtcpReader(body, "NACK");
        var nack = new RtcpGenericNack { SenderSsrc = reader.ReadUInt32(), MediaSsrc = reader.ReadUInt32() };
        if (reader.Remaining % 4 != 0)
        {
            throw new RtpParseException("Malformed RTCP NACK: FCI is not a whole number of items");
        }

        while (reader.Remaining > 0)
        {
            nack.Items.Add((reader.ReadUInt16(), reader.ReadUInt16()));
        }

        return nack;
    }
}
