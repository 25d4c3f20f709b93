using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>SDES: source description (RFC 3550 §6.5).</summary>
public sealed class RtcpSourceDescription : RtcpPacket
{
    /// <summary>Up to 31 chunks.</summary>
    public IList<RtcpSdesChunk> Chunks { get; } = new List<RtcpSdesChunk>();

    public override RtcpPacketType PacketType => RtcpPacketType.SourceDescription;

    public override byte CountOrFormat => (byte)Chunks.Count;

    /// <summary>An SDES with one chunk carrying a CNAME.</summary>
    public static RtcpSourceDescription WithCanonicalName(uint ssrc, string cname)
    {
        var chunk = new RtcpSdesChunk(ssrc);
        chunk.Items.Add((RtcpSdesItemType.CanonicalName, System.Text.Encoding.UTF8.GetBytes(cname)));
        var sdes = new RtcpSourceDescription();
        sdes.Chunks.Add(chunk);
        return sdes;
    }

    protected override int GetBodyLength() => Chunks.Sum(c => c.Length);

    protected override void WriteBody(Span<byte> body)
    {
        if (Chunks.Count > 31)
        {
            throw new InvalidOperationException("An SDES carries at most 31 chunks.");
        }

        int offset = 0;
        foreach (RtcpSdesChunk chunk in Chunks)
        {
            int start = offset;
            BinaryPrimitives.WriteUInt32BigEndian(body[offset..], chunk.Ssrc);
            offset += 4;
            foreach ((RtcpSdesItemType type, byte[] value) in chunk.Items)
            {
                if (type == 0 || value.Length > 255)
                {
                    throw new InvalidOperationException("An SDES item has a non-zero type and at most 255 bytes.");
                }

                body[offset++] = (byte)type;
                body[offset++] = (byte)value.Length;
                value.CopyTo(body[offset..]);
                offset += value.Length;
            }

            offset = start + chunk.Length; // null terminator and padding are already zero
        }
    }

    internal static RtcpSourceDescription Read(byte count, ReadOnlySpan<byte> body)
    {
        var reader = new RtcpReader(body, "SDES");
        var sdes = new RtcpSourceDescription();
        for (int c = 0; c < count; c++)
        {
            int start = reader.Offset;
            var chunk = new RtcpSdesChunk(reader.ReadUInt32());
            while (true)
            {
                byte type = reader.ReadByte();
                if (type == 0)
                {
                    break;
                }

                int length = reader.ReadByte();
                chunk.Items.Add(((RtcpSdesItemType)type, reader.Take(length).ToArray()));
            }

            int consumed = reader.Offset - start;
            reader.Skip(((consumed + 3) & ~3) - consumed);
            sdes.Chunks.Add(chunk);
        }

        return sdes;
    }
}
