using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Parameters;

/// <summary>Re-configuration Response (RFC 6525 §4.4), with the optional TSN pair.</summary>
internal sealed class ReconfigurationResponseParameter(uint responseSequenceNumber, ReconfigurationResult result, uint? sendersNextTsn = null, uint? receiversNextTsn = null) : SctpParameter
{
    public uint ResponseSequenceNumber { get; } = responseSequenceNumber;

    public ReconfigurationResult Result { get; } = result;

    public uint? SendersNextTsn { get; } = sendersNextTsn;

    public uint? ReceiversNextTsn { get; } = receiversNextTsn;

    public override ParameterType Type => ParameterType.ReconfigurationResponse;

    public override int ValueLength => SendersNextTsn.HasValue ? 16 : 8;

    public static ReconfigurationResponseParameter? TryParse(ReadOnlySpan<byte> value)
    {
        if (value.Length != 8 && value.Length != 16)
        {
            return null;
        }

        uint seq = BinaryPrimitives.ReadUInt32BigEndian(value);
        var result = (ReconfigurationResult)BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
        return value.Length == 16
            ? new ReconfigurationResponseParameter(seq, result, BinaryPrimitives.ReadUInt32BigEndian(value[8..]), BinaryPrimitives.ReadUInt32BigEndian(value[12..]))
            : new ReconfigurationResponseParameter(seq, result);
    }

    protected override void WriteValue(Span<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(value, ResponseSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(value[4..], (uint)Result);
        if (SendersNextTsn.HasValue)
        {
            BinaryPrimitives.WriteUInt32BigEndian(value[8..], SendersNextTsn.Value);
            BinaryPrimitives.WriteUInt32BigEndian(value[12..], ReceiversNextTsn ?? 0);
        }
    }
}
