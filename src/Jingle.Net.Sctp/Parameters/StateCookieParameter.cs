namespace Jingle.Net.Sctp.Parameters;

/// <summary>State Cookie (RFC 9260 §3.3.3.1): the signed cookie carried in INIT ACK.</summary>
internal sealed class StateCookieParameter(byte[] value) : SctpParameter
{
    public byte[] Value { get; } = value;

    public override ParameterType Type => ParameterType.StateCookie;

    public override int ValueLength => Value.Length;

    protected override void WriteValue(Span<byte> value) => Value.CopyTo(value);
}
