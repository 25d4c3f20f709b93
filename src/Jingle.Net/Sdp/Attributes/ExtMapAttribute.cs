using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// <c>a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;URI&gt; [&lt;extensionattributes&gt;]</c> (RFC 8285 §8): an RTP
/// header extension and its local id.
/// </summary>
public sealed class ExtMapAttribute : SdpAttribute
{
    public const string AttributeName = "extmap";

    public ExtMapAttribute(int id, string uri, MediaDirection? direction = null, string? extensionAttributes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        Id = id;
        Uri = uri;
        Direction = direction;
        ExtensionAttributes = string.IsNullOrEmpty(extensionAttributes) ? null : extensionAttributes;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    /// <summary>1–14 for one-byte headers, up to 255 with two-byte headers; 4096–4351 are reserved for negotiation.</summary>
    public int Id { get; set; }

    public MediaDirection? Direction { get; set; }

    public string Uri { get; set; }

    /// <summary>Extension attributes after the URI, kept as written (e.g. Firefox's csrc-audio-level "vad=on"), or null.</summary>
    public string? ExtensionAttributes { get; set; }

    internal static ExtMapAttribute? Parse(string value)
    {
        if (!SdpText.TrySplitFirst(value, out string idPart, out string rest) ||
            !SdpText.TrySplitFirst(rest, out string uri, out string attributes))
        {
            return null;
        }

        MediaDirection? direction = null;
        int slash = idPart.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!MediaDirections.TryParse(idPart[(slash + 1)..], out MediaDirection d))
            {
                return null;
            }

            direction = d;
            idPart = idPart[..slash];
        }

        if (!SdpText.TryInt(idPart, out int id) || id > 65535)
        {
            return null;
        }

        return new ExtMapAttribute(id, uri, direction, attributes);
    }

    internal override void AppendValue(StringBuilder sb)
    {
        sb.Append(Id);
        if (Direction is MediaDirection d)
        {
            sb.Append('/').Append(d.ToWireString());
        }

        sb.Append(' ').Append(Uri);
        if (ExtensionAttributes is not null)
        {
            sb.Append(' ').Append(ExtensionAttributes);
        }
    }
}
