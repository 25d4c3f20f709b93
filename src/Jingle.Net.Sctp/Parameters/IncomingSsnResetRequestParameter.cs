using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Parameters;

/// <summary>Incoming SSN Reset Request (RFC 6525 §4.2): asks the peer to reset its outgoing streams.</summary>
internal sealed class IncomingSsnResetRequestParameter(uint requestSequenceNumber, ushort[] streams) : SctpParameter
{
    public uint RequestSequenceNumber { get; } = requestSequenceNumber;

    public ushort[] Streams { get; } = streams;

    public override ParameterType Type => ParameterType.IncomingSsnResetRequest;

    public override int ValueLength => 4 + (2 * Streams.Length);

    public static IncomingSsnResetRequestParameter? TryParse(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4 || (value.Length & 1) != 0)
        {
            return null;
        }

        var streams = new ushort[(value.Length - 4) / 2];
        for (int i = 0; i < streams.Length; i++)
        {
            streams[i] = BinaryPrimitives.ReadUInt16BigEndian(value[(4 + (2 * i))..]);
        }

        return new IncomingSsnResetRequestParameter(BinaryPrimitives.ReadUInt32BigEndian(value), streams);
    }

    protected override void WriteValue(Span<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(value, RequestSequenceNumber);
        for (int i = 0; i < Streams.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(4 + (2 * i))..], Streams[i]);
        }
    }
}
