namespace Jingle.Net.Sctp.Parameters;

/// <summary>A parameter this stack does not interpret; kept so that it can be reported or skipped (RFC 9260 §3.2.1).</summary>
internal sealed class UnknownParameter(ushort rawType, byte[] value) : SctpParameter
{
    public ushort RawType { get; } = rawType;

    public byte[] Value { get; } = value;

    public override ParameterType Type => (ParameterType)RawType;

    public override int ValueLength => Value.Length;

    protected override void WriteValue(Span<byte> value) => Value.CopyTo(value);
}
