namespace Jingle.Net.Sctp.Parameters;

/// <summary>Forward-TSN-Supported (RFC 3758 §3.1): the sender implements PR-SCTP.</summary>
internal sealed class ForwardTsnSupportedParameter : SctpParameter
{
    public override ParameterType Type => ParameterType.ForwardTsnSupported;

    public override int ValueLength => 0;

    protected override void WriteValue(Span<byte> value)
    {
    }
}
