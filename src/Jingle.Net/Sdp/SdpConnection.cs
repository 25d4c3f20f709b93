namespace Jingle.Net.Sdp;

/// <summary>The <c>c=</c> line (RFC 8866 §5.7): <c>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c>.</summary>
public sealed class SdpConnection
{
    public SdpConnection()
    {
    }

    public SdpConnection(string networkType, string addressType, string address)
    {
        NetworkType = networkType;
        AddressType = addressType;
        Address = address;
    }

    public string NetworkType { get; set; } = "IN";

    public string AddressType { get; set; } = "IP4";

    /// <summary>The connection address, with any "/ttl/count" suffix kept as written.</summary>
    public string Address { get; set; } = "0.0.0.0";
}
