namespace Jingle.Net.Sctp.Parameters;

/// <summary>Heartbeat Info (RFC 9260 §3.3.5): opaque sender data echoed in the HEARTBEAT ACK.</summary>
internal sealed class HeartbeatInfoParameter(byte[] value) : SctpParameter
{
    public byte[] Value { get; } = value;

    public override ParameterType Type => ParameterType.HeartbeatInfo;

    public override int ValueLength => Value.Length;

    protected override void WriteValue(Span<byte> value) => Value.CopyTo(value);
}
