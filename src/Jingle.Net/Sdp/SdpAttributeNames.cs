namespace Jingle.Net.Sdp;

/// <summary>Names of the attributes kept as <see cref="SdpPropertyAttribute"/> or <see cref="SdpValueAttribute"/> but read by typed accessors.</summary>
public static class SdpAttributeNames
{
    public const string Mid = "mid";
    public const string IceUfrag = "ice-ufrag";
    public const string IcePwd = "ice-pwd";
    public const string IceLite = "ice-lite";
    public const string EndOfCandidates = "end-of-candidates";
    public const string RtcpMux = "rtcp-mux";
    public const string RtcpMuxOnly = "rtcp-mux-only";
    public const string RtcpRsize = "rtcp-rsize";
    public const string ExtmapAllowMixed = "extmap-allow-mixed";
    public const string BundleOnly = "bundle-only";
    public const string SendRecv = "sendrecv";
    public const string SendOnly = "sendonly";
    public const string RecvOnly = "recvonly";
    public const string Inactive = "inactive";
}
