using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Parameters;

/// <summary>
/// Zero Checksum Acceptable (RFC 9653 §5.1): the sender accepts packets with a zero checksum when the lower layer
/// (identified by the Error Detection Method, 1 = DTLS) already protects integrity.
/// </summary>
internal sealed class ZeroChecksumAcceptableParameter(uint errorDetectionMethod) : SctpParameter
{
    /// <summary>SCTP over DTLS (RFC 9653 §8).</summary>
    public const uint Dtls = 1;

    public uint ErrorDetectionMethod { get; } = errorDetectionMethod;

    public override ParameterType Type => ParameterType.ZeroChecksumAcceptable;

    public override int ValueLength => 4;

    public static ZeroChecksumAcceptableParameter? TryParse(ReadOnlySpan<byte> value) =>
        value.Length == 4 ? new ZeroChecksumAcceptableParameter(BinaryPrimitives.ReadUInt32BigEndian(value)) : null;

    protected override void WriteValue(Span<byte> value) => BinaryPrimitives.WriteUInt32BigEndian(value, ErrorDetectionMethod);
}
