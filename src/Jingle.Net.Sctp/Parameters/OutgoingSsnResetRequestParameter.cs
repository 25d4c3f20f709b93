using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Parameters;

/// <summary>
/// Outgoing SSN Reset Request (RFC 6525 §4.1): the sender resets its outgoing streams (an empty list means all)
/// once the receiver has everything up to <see cref="SendersLastAssignedTsn"/>.
/// </summary>
internal sealed class OutgoingSsnResetRequestParameter(uint requestSequenceNumber, uint responseSequenceNumber, uint sendersLastAssignedTsn, ushort[] streams) : SctpParameter
{
    public uint RequestSequenceNumber { get; } = requestSequenceNumber;

    public uint ResponseSequenceNumber { get; } = responseSequenceNumber;

    public uint SendersLastAssignedTsn { get; } = sendersLastAssignedTsn;

    public ushort[] Streams { get; } = streams;

    public override ParameterType Type => ParameterType.OutgoingSsnResetRequest;

    public override int ValueLength => 12 + (2 * Streams.Length);

    public static OutgoingSsnResetRequestParameter? TryParse(ReadOnlySpan<byte> value)
    {
        if (value.Length < 12 || (value.Length & 1) != 0)
        {
            return null;
        }

        var streams = new ushort[(value.Length - 12) / 2];
        for (int i = 0; i < streams.Length; i++)
        {
            streams[i] = BinaryPrimitives.ReadUInt16BigEndian(value[(12 + (2 * i))..]);
        }

        return new OutgoingSsnResetRequestParameter(BinaryPrimitives.ReadUInt32BigEndian(value),
            BinaryPrimitives.ReadUInt32BigEndian(value[4..]), BinaryPrimitives.ReadUInt32BigEndian(value[8..]), streams);
    }

    protected override void WriteValue(Span<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(value, RequestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(value[4..], ResponseSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(value[8..], SendersLastAssignedTsn);
        for (int i = 0; i < Streams.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(12 + (2 * i))..], Streams[i]);
        }
    }
}
