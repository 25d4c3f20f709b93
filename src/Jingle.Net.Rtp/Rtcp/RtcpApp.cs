using System.Buffers.Binary;

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>APP: application-defined (RFC 3550 §6.7).</summary>
public sealed class RtcpApp : RtcpPacket
{
    private byte[] _data = [];

    /// <summary>5-bit subtype.</summary>
    public byte Subtype { get; set; }

    public uint Ssrc { get; set; }

    /// <summary>Four ASCII characters.</summary>
    public uint Name { get; set; }

    /// <summary>Application data; its length is a multiple of 4.</summary>
    public byte[] Data
    {
        get => _data;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length % 4 != 0)
            {
                throw new ArgumentException("APP data is a multiple of 32 bits.", nameof(value));
            }

            _data = value;
        }
    }

    public override RtcpPacketType PacketType => RtcpPacketType.App;

    public override byte CountOrFormat => (byte)(Subtype & 0x1F);

    protected override int GetBodyLength() => 8 + _data.Length;

    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt32BigEndian(body, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], Name);
        _data.CopyTo(body[8..]);
    }

    internal static RtcpApp Read(byte subtype, ReadOnlySpan<byte> body)
    {
        var reader = new RtcpReader(body, "APP");
        return new RtcpApp { Subtype = subtype, Ssrc = reader.ReadUInt32(), Name = reader.ReadUInt32(), Data = reader.Rest[..(reader.Remaining & ~3)].ToArray() };
    }
}
