using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>BYE: goodbye (RFC 3550 §6.6).</summary>
public sealed class RtcpBye : RtcpPacket
{
    /// <summary>Up to 31 SSRC/CSRCs leaving.</summary>
    public IList<uint> Sources { get; } = new List<uint>();

    /// <summary>Optional reason for leaving (UTF-8, at most 255 bytes), or null.</summary>
    public byte[]? Reason { get; set; }

    public override RtcpPacketType PacketType => RtcpPacketType.Bye;

    public override byte CountOrFormat => (byte)Sources.Count;

    protected override int GetBodyLength() => (4 * Sources.Count) + (Reason is null ? 0 : PadTo4(1 + Reason.Length));

    protected override void WriteBody(Span<byte> body)
    {
        if (Sources.Count > 31 || Reason?.Length > 255)
        {
            throw new InvalidOperationException("A BYE carries at most 31 sources and a reason of at most 255 bytes.");
        }

        for (int i = 0; i < Sources.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(body[(4 * i)..], Sources[i]);
        }

        if (Reason is not null)
        {
            int offset = 4 * Sources.Count;
            body[offset] = (byte)Reason.Length;
            Reason.CopyTo(body[(offset + 1)..]);
        }
    }

    internal static RtcpBye Read(byte count, ReadOnlySpan<byte> body)
    {
        var reader = new RtcpReader(body, "BYE");
        var bye = new RtcpBye();
        for (int i = 0; i < count; i++)
        {
            bye.Sources.Add(reader.ReadUInt32());
        }

        if (reader.Remaining > 0)
        {
            int length = reader.ReadByte();
            bye.Reason = reader.Take(length).ToArray();
        }

        return bye;
    }
}
