namespace Jingle.Net.Sdp;

/// <summary>
/// One media description (RFC 8866 §5.14): the <c>m=</c> line and the i, c, b, k and a lines under it.
/// Typed accessors read and write the WebRTC attributes in <see cref="Attributes"/>.
/// </summary>
public sealed partial class MediaDescription
{
    public const string AudioMedia = "audio";
    public const string VideoMedia = "video";
    public const string ApplicationMedia = "application";

    /// <summary>The RTP profile of WebRTC media (RFC 8827 §6.5, RFC 5764).</summary>
    public const string UdpTlsRtpSavpf = "UDP/TLS/RTP/SAVPF";

    /// <summary>The data channel profile (RFC 8841 §4.1).</summary>
    public const string UdpDtlsSctp = "UDP/DTLS/SCTP";

    /// <summary>The legacy data channel profile (draft-ietf-mmusic-sctp-sdp-05) with <c>a=sctpmap</c>.</summary>
    public const string DtlsSctp = "DTLS/SCTP";

    /// <summary>The format of the data channel m-line (RFC 8841).</summary>
    public const string WebRtcDataChannel = "webrtc-datachannel";

    public MediaDescription()
    {
    }

    public MediaDescription(string media, int port, string protocol, IEnumerable<string> formats)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
        foreach (string f in formats)
        {
            Formats.Add(f);
        }
    }

    /// <summary>"audio", "video", "application", or another media type.</summary>
    public string Media { get; set; } = AudioMedia;

    /// <summary>The port; 0 means the m-section is rejected or disabled (RFC 8866 §5.14), 9 is the WebRTC placeholder.</summary>
    public int Port { get; set; } = 9;

    /// <summary>The "/&lt;number of ports&gt;" suffix, or null.</summary>
    public int? NumberOfPorts { get; set; }

    /// <summary>"UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", "DTLS/SCTP", ...</summary>
    public string Protocol { get; set; } = UdpTlsRtpSavpf;

    /// <summary>The formats: payload type numbers for RTP, "webrtc-datachannel" or a port for SCTP.</summary>
    public IList<string> Formats { get; } = new List<string>();

    /// <summary>The <c>i=</c> line, or null.</summary>
    public string? Information { get; set; }

    /// <summary>The <c>c=</c> line, or null.</summary>
    public SdpConnection? Connection { get; set; }

    public IList<SdpBandwidth> Bandwidths { get; } = new List<SdpBandwidth>();

    /// <summary>The obsolete <c>k=</c> line, kept as written, or null.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>The a= lines (and unknown lines), in order.</summary>
    public SdpAttributeCollection Attributes { get; } = new();

    /// <summary>True when the port is 0 and the section is not bundle-only (RFC 9143 §7.2): rejected or removed.</summary>
    public bool IsRejected => Port == 0 && !BundleOnly;

    /// <summary>True for an RTP profile ("RTP/" in the protocol).</summary>
    public bool IsRtp => Protocol.Contains("RTP/", StringComparison.Ordinal);

    /// <summary>True for a data channel m-line: UDP/DTLS/SCTP, TCP/DTLS/SCTP or the legacy DTLS/SCTP.</summary>
    public bool IsDataChannel =>
        string.Equals(Media, ApplicationMedia, StringComparison.Ordinal) &&
        Protocol.EndsWith("DTLS/SCTP", StringComparison.Ordinal);

    /// <summary>True for the legacy form <c>m=application 9 DTLS/SCTP 5000</c>.</summary>
    public bool IsLegacyDataChannel => IsDataChannel && string.Equals(Protocol, DtlsSctp, StringComparison.Ordinal);
}
