using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): RTPFB
/// FMT 15. Status of each packet from the base sequence number on, coded in run-length and status-vector chunks,
/// then the receive deltas of the received ones in 250 µs units relative to the reference time (64 ms units).
/// </summary>
public sealed class RtcpTransportWideFeedback : RtcpFeedbackPacket
{
    public const byte Format = 15;

    /// <summary>Receive delta unit in microseconds.</summary>
    public const int DeltaUnitMicroseconds = 250;

    /// <summary>Reference time unit in milliseconds.</summary>
    public const int ReferenceTimeUnitMilliseconds = 64;

    public ushort BaseSequenceNumber { get; set; }

    /// <summary>24-bit signed reference time in 64 ms units.</summary>
    public int ReferenceTime { get; set; }

    public byte FeedbackPacketCount { get; set; }

    /// <summary>One status per packet from <see cref="BaseSequenceNumber"/> on.</summary>
    public IList<TransportFeedbackStatus> Statuses { get; } = new List<TransportFeedbackStatus>();

    /// <summary>Receive deltas (250 µs units) of the received packets, in order: 0–255 for small, any 16-bit value for large.</summary>
    public IList<short> Deltas { get; } = new List<short>();

    public override RtcpPacketType PacketType => RtcpPacketType.TransportFeedback;

    public override byte CountOrFormat => Format;

    protected override int GetFciLength()
    {
        int chunks = EncodeChunks(null);
        int deltas = 0;
        foreach (TransportFeedbackStatus s in Statuses)
        {
            deltas += (int)s;
        }

        return PadTo4(8 + (2 * chunks) + deltas);
    }

    protected override void WriteFci(Span<byte> fci)
    {
        Validate();
        BinaryPrimitives.WriteUInt16BigEndian(fci, BaseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(fci[2..], (ushort)Statuses.Count);
        uint reference = (uint)ReferenceTime & 0xFFFFFF;
        BinaryPrimitives.WriteUInt32BigEndian(fci[4..], (reference << 8) | FeedbackPacketCount);
        var chunks = new List<ushort>();
        EncodeChunks(chunks);
        int offset = 8;
        foreach (ushort chunk in chunks)
        {
            BinaryPrimitives.WriteUInt16BigEndian(fci[offset..], chunk);
            offset += 2;
        }

        int d = 0;
        foreach (TransportFeedbackStatus s in Statuses)
        {
            if (s == TransportFeedbackStatus.ReceivedSmallDelta)
            {
                fci[offset++] = (byte)Deltas[d++];
            }
            else if (s == TransportFeedbackStatus.ReceivedLargeDelta)
            {
                BinaryPrimitives.WriteInt16BigEndian(fci[offset..], Deltas[d++]);
                offset += 2;
            }
        }
    }

    internal static RtcpTransportWideFeedback Read(ReadOnlySpan<byte> body)
    {
        var reader = new RtcpReader(body, "transport-wide feedback");
        var fb = new RtcpTransportWideFeedback { SenderSsrc = reader.ReadUInt32(), MediaSsrc = reader.ReadUInt32() };
        fb.BaseSequenceNumber = reader.ReadUInt16();
        int count = reader.ReadUInt16();
        uint word = reader.ReadUInt32();
        fb.ReferenceTime = (int)word >> 8; // sign-extends the 24-bit field
        fb.FeedbackPacketCount = (byte)word;
        while (fb.Statuses.Count < count)
        {
            ushort chunk = reader.ReadUInt16();
            int remaining = count - fb.Statuses.Count;
            if ((chunk & 0x8000) == 0)
            {
                var symbol = (TransportFeedbackStatus)((chunk >> 13) & 0x3);
                int run = chunk & 0x1FFF;
                if ((int)symbol == 3 || run == 0)
                {
                    throw new RtpParseException("Malformed RTCP transport-wide feedback: invalid run-length chunk");
                }

                for (int i = 0; i < Math.Min(run, remaining); i++)
                {
                    fb.Statuses.Add(symbol);
                }
            }
            else if ((chunk & 0x4000) == 0)
            {
                for (int i = 0; i < Math.Min(14, remaining); i++)
                {
                    fb.Statuses.Add((TransportFeedbackStatus)((chunk >> (13 - i)) & 0x1));
                }
            }
            else
            {
                for (int i = 0; i < Math.Min(7, remaining); i++)
                {
                    int symbol = (chunk >> (12 - (2 * i))) & 0x3;
                    if (symbol == 3)
                    {
                        throw new RtpParseException("Malformed RTCP transport-wide feedback: reserved status symbol");
                    }

                    fb.Statuses.Add((TransportFeedbackStatus)symbol);
                }
            }
        }

        foreach (TransportFeedbackStatus s in fb.Statuses)
        {
            if (s == TransportFeedbackStatus.ReceivedSmallDelta)
            {
                fb.Deltas.Add(reader.ReadByte());
            }
            else if (s == TransportFeedbackStatus.ReceivedLargeDelta)
            {
                fb.Deltas.Add((short)reader.ReadUInt16());
            }
        }

        return fb;
    }

    private void Validate()
    {
        int received = Statuses.Count(s => s != TransportFeedbackStatus.NotReceived);
        if (received != Deltas.Count || Statuses.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException("Transport feedback needs one delta per received packet.");
        }

        int d = 0;
        foreach (TransportFeedbackStatus s in Statuses)
        {
            if (s == TransportFeedbackStatus.ReceivedSmallDelta && (Deltas[d] < 0 || Deltas[d] > 255))
            {
                throw new InvalidOperationException("A small receive delta is 0–255.");
            }

            if (s != TransportFeedbackStatus.NotReceived)
            {
                d++;
            }
        }
    }

    /// <summary>Greedy chunking: run-length for runs of 14+ (up to 8191), else a 1-bit vector of 14 or a 2-bit vector of 7.</summary>
    private int EncodeChunks(List<ushort>? output)
    {
        int chunks = 0;
        int i = 0;
        int n = Statuses.Count;
        while (i < n)
        {
            TransportFeedbackStatus first = Statuses[i];
            int run = 1;
            while (i + run < n && run < 8191 && Statuses[i + run] == first)
            {
                run++;
            }

            if (run >= 14)
            {
                output?.Add((ushort)(((int)first << 13) | run));
                i += run;
            }
            else
            {
                bool large = false;
                for (int j = i; j < Math.Min(n, i + 14); j++)
                {
                    large |= Statuses[j] == TransportFeedbackStatus.ReceivedLargeDelta;
                }

                if (!large)
                {
                    int chunk = 0x8000;
                    for (int j = 0; j < 14 && i + j < n; j++)
                    {
                        chunk |= (int)Statuses[i + j] << (13 - j);
                    }

                    output?.Add((ushort)chunk);
                    i += 14;
                }
                else
                {
                    int chunk = 0xC000;
                    for (int j = 0; j < 7 && i + j < n; j++)
                    {
                        chunk |= (int)Statuses[i + j] << (12 - (2 * j));
                    }

                    output?.Add((ushort)chunk);
                    i += 7;
                }
            }

            chunks++;
        }

        return chunks;
    }
}
