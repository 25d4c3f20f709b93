namespace Jingle.Net.Ice;

/// <summary>What the first byte of a packet says it is (RFC 7983 §7, updated by RFC 9443).</summary>
public enum PacketKind
{
    Unknown,

    /// <summary>First byte 0–3.</summary>
    Stun,

    /// <summary>First byte 16–19 (RFC 9443: ZRTP).</summary>
    Zrtp,

    /// <summary>First byte 20–63.</summary>
    Dtls,

    /// <summary>First byte 64–79 (TURN ChannelData).</summary>
    TurnChannel,

    /// <summary>First byte 128–191.</summary>
    RtpRtcp,
}

/// <summary>RFC 7983 demultiplexing by the first byte; allocation-free.</summary>
public static class PacketDemultiplexer
{
    /// <summary>Classifies <paramref name="packet"/> by its first byte; an empty packet is <see cref="PacketKind.Unknown"/>.</summary>
    public static PacketKind Classify(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return PacketKind.Unknown;
        }

        byte b = packet[0];
        return b switch
        {
            <= 3 => PacketKind.Stun,
            >= 16 and <= 19 => PacketKind.Zrtp,
            >= 20 and <= 63 => PacketKind.Dtls,
            >= 64 and <= 79 => PacketKind.TurnChannel,
            >= 128 and <= 191 => PacketKind.RtpRtcp,
            _ => PacketKind.Unknown,
        };
    }
}
