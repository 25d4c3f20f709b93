namespace Jingle.Net.Sdp;

/// <summary>
/// A session description (RFC 8866): the session-level lines and the media descriptions, as a mutable model.
/// <see cref="Parse(string)"/> reads CRLF or LF text; <see cref="ToString"/> writes CRLF text. Unknown attributes
/// and line types are kept verbatim and in order, so Parse → ToString → Parse is stable.
/// </summary>
public sealed partial class SessionDescription
{
    /// <summary>The <c>v=</c> line; always 0 (RFC 8866 §5.1).</summary>
    public int Version { get; set; }

    /// <summary>The <c>o=</c> line.</summary>
    public SdpOrigin Origin { get; set; } = new();

    /// <summary>The <c>s=</c> line; "-" in WebRTC (RFC 9429 §5.2.1).</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>The <c>i=</c> line, or null.</summary>
    public string? Information { get; set; }

    /// <summary>The <c>u=</c> line, or null.</summary>
    public string? Uri { get; set; }

    /// <summary>The <c>e=</c> lines.</summary>
    public IList<string> EmailAddresses { get; } = new List<string>();

    /// <summary>The <c>p=</c> lines.</summary>
    public IList<string> PhoneNumbers { get; } = new List<string>();

    /// <summary>The session-level <c>c=</c> line, or null.</summary>
    public SdpConnection? Connection { get; set; }

    public IList<SdpBandwidth> Bandwidths { get; } = new List<SdpBandwidth>();

    /// <summary>The <c>t=</c> lines (each with its <c>r=</c> lines). A new description has none; WebRTC writes one "t=0 0".</summary>
    public IList<SdpTiming> Timings { get; } = new List<SdpTiming>();

    /// <summary>The <c>z=</c> line, kept as written, or null.</summary>
    public string? TimeZones { get; set; }

    /// <summary>The obsolete <c>k=</c> line, kept as written, or null.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>The session-level a= lines (and unknown lines), in order.</summary>
    public SdpAttributeCollection Attributes { get; } = new();

    /// <summary>The m-sections, in order (their order is fixed once negotiated, RFC 9429 §5.2.2).</summary>
    public IList<MediaDescription> Media { get; } = new List<MediaDescription>();

    /// <summary>Parses SDP text (CRLF or LF line endings).</summary>
    /// <exception cref="SdpParseException">The text is not a valid session description; the exception names the line.</exception>
    public static SessionDescription Parse(string sdp) => SdpParser.Parse(sdp);

    /// <summary>Parses SDP text without throwing.</summary>
    public static bool TryParse(string sdp, out SessionDescription? description, out SdpParseException? error)
    {
        try
        {
            description = SdpParser.Parse(sdp);
            error = null;
            return true;
        }
        catch (SdpParseException e)
        {
            description = null;
            error = e;
            return false;
        }
    }

    /// <summary>Writes the description as SDP text with CRLF line endings.</summary>
    /// <exception cref="InvalidOperationException">A field holds a line break, which would inject a line.</exception>
    public override string ToString() => SdpWriter.Write(this);

    /// <summary>The m-section with the given mid, or null.</summary>
    public MediaDescription? GetMedia(string mid)
    {
        foreach (MediaDescription m in Media)
        {
            if (string.Equals(m.Mid, mid, StringComparison.Ordinal))
            {
                return m;
            }
        }

        return null;
    }

    /// <summary>A deep copy (through the text form).</summary>
    public SessionDescription Clone() => Parse(ToString());
}
