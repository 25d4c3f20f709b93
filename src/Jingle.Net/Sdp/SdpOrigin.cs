namespace Jingle.Net.Sdp;

/// <summary>The <c>o=</c> line (RFC 8866 §5.2): <c>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;</c>.</summary>
public sealed class SdpOrigin
{
    /// <summary>The user name; "-" when there is none (what WebRTC stacks write).</summary>
    public string Username { get; set; } = "-";

    /// <summary>The session id, a numeric string (kept as text: some stacks write more digits than a 64-bit number holds).</summary>
    public string SessionId { get; set; } = "0";

    /// <summary>The session version, incremented on every change of a local description (RFC 9429 §5.2.2).</summary>
    public ulong SessionVersion { get; set; }

    public string NetworkType { get; set; } = "IN";

    public string AddressType { get; set; } = "IP4";

    public string UnicastAddress { get; set; } = "127.0.0.1";
}
