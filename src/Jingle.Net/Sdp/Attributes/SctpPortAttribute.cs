using System.Text;

namespace Jingle.Net.Sdp;

/// <summary><c>a=sctp-port:&lt;port&gt;</c> (RFC 8841 §5): the SCTP port inside DTLS, 5000 by convention.</summary>
public sealed class SctpPortAttribute : SdpAttribute
{
    public const string AttributeName = "sctp-port";

    public SctpPortAttribute(int port)
    {
        Port = port;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    public int Port { get; set; }

    internal static SctpPortAttribute? Parse(string value) =>
        SdpText.TryPort(value.AsSpan().Trim(" \t"), out int port) ? new SctpPortAttribute(port) : null;

    internal override void AppendValue(StringBuilder sb) => sb.Append(Port);
}
