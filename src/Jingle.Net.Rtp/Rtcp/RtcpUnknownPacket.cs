namespace Jingle.Net.Rtp.Rtcp;

/// <summary>An RTCP packet of a type or feedback format this library does not model; kept as raw body bytes.</summary>
public sealed class RtcpUnknownPacket : RtcpPacket
{
    private readonly RtcpPacketType _type;
    private readonly byte _countOrFormat;

    public RtcpUnknownPacket(RtcpPacketType type, byte countOrFormat, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length % 4 != 0)
        {
            throw new ArgumentException("An RTCP body is a multiple of 32 bits.", nameof(body));
        }

        _type = type;
        _countOrFormat = (byte)(countOrFormat & 0x1F);
        Body = body;
    }

    public byte[] Body { get; }

    public override RtcpPacketType PacketType => _type;

    public override byte CountOrFormat => _countOrFormat;

    protected override int GetBodyLength() => Body.Length;

    protected override void WriteBody(Span<byte> body) => Body.CopyTo(body);
}
