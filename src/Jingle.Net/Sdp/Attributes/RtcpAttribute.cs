using System.Text;

namespace Jingle.Net.Sdp;

/// <summary><c>a=rtcp:&lt;port&gt; [&lt;nettype&gt; &lt;addrtype&gt; &lt;address&gt;]</c> (RFC 3605).</summary>
public sealed class RtcpAttribute : SdpAttribute
{
    public const string AttributeName = "rtcp";

    public RtcpAttribute(int port, SdpConnection? address = null)
    {
        Port = port;
        Address = address;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    public int Port { get; set; }

    public SdpConnection? Address { get; set; }

    internal static RtcpAttribute? Parse(string value)
    {
        string[] t = SdpText.Tokens(value);
        if (t.Length == 0 || !SdpText.TryPort(t[0], out int port))
        {
            return null;
        }

        return t.Length switch
        {
            1 => new RtcpAttribute(port),
            4 => new RtcpAttribute(port, new SdpConnection(t[1], t[2], t[3])),
            _ => null,
        };
    }

    internal override void AppendValue(StringBuilder sb)
    {
        sb.Append(Port);
        if (Address is { } a)
        {
            sb.Append(' ').Append(a.NetworkType).Append(' ').Append(a.AddressType).Append(' ').Append(a.Address);
        }
    }
}
