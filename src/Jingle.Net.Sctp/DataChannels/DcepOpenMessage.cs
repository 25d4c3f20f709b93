using System.Buffers.Binary;
using System.Text;

namespace Jingle.Net.Sctp.DataChannels;

/// <summary>
/// DATA_CHANNEL_OPEN (RFC 8832 §5.1): channel type, priority, reliability parameter, label and protocol. The ACK is
/// the single byte <see cref="AckType"/>.
/// </summary>
internal sealed record DcepOpenMessage(DataChannelType ChannelType, ushort Priority, uint ReliabilityParameter, string Label, string Protocol)
{
    public const byte OpenType = 0x03;
    public const byte AckType = 0x02;
    private const int FixedLength = 12;

    public bool Ordered => ((byte)ChannelType & 0x80) == 0;

    public int GetSerializedLength() => FixedLength + Encoding.UTF8.GetByteCount(Label) + Encoding.UTF8.GetByteCount(Protocol);

    public bool TryWrite(Span<byte> destination, out int written)
    {
        int labelLength = Encoding.UTF8.GetByteCount(Label);
        int protocolLength = Encoding.UTF8.GetByteCount(Protocol);
        written = FixedLength + labelLength + protocolLength;
        if (destination.Length < written || labelLength > ushort.MaxValue || protocolLength > ushort.MaxValue)
        {
            written = 0;
            return false;
        }

        destination[0] = OpenType;
        destination[1] = (byte)ChannelType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Priority);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ReliabilityParameter);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)labelLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)protocolLength);
        Encoding.UTF8.GetBytes(Label, destination[FixedLength..]);
        Encoding.UTF8.GetBytes(Protocol, destination[(FixedLength + labelLength)..]);
        return true;
    }

    public byte[] ToArray()
    {
        byte[] bytes = new byte[GetSerializedLength()];
        TryWrite(bytes, out _);
        return bytes;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out DcepOpenMessage? message)
    {
        message = null;
        if (data.Length < FixedLength || data[0] != OpenType)
        {
            return false;
        }

        byte type = data[1];
        if ((type & 0x7F) > 2)
        {
            return false;
        }

        int labelLength = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        int protocolLength = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);
        if (data.Length != FixedLength + labelLength + protocolLength)
        {
            return false;
        }

        message = new DcepOpenMessage((DataChannelType)type, BinaryPrimitives.ReadUInt16BigEndian(data[2..]), BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
            Encoding.UTF8.GetString(data.Slice(FixedLength, labelLength)), Encoding.UTF8.GetString(data.Slice(FixedLength + labelLength, protocolLength)));
        return true;
    }
}
