using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// <c>a=rid:&lt;rid-id&gt; &lt;send|recv&gt; [&lt;restrictions&gt;]</c> (RFC 8851 §10); the restrictions
/// ("pt=96;max-width=1280") are kept as written.
/// </summary>
public sealed class RidAttribute : SdpAttribute
{
    public const string AttributeName = "rid";

    public RidAttribute(string id, RidDirection direction, string? restrictions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Id = id;
        Direction = direction;
        Restrictions = string.IsNullOrEmpty(restrictions) ? null : restrictions;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    public string Id { get; set; }

    public RidDirection Direction { get; set; }

    public string? Restrictions { get; set; }

    internal static RidAttribute? Parse(string value)
    {
        if (!SdpText.TrySplitFirst(value, out string id, out string rest) ||
            !SdpText.TrySplitFirst(rest, out string direction, out string restrictions))
        {
            return null;
        }

        return direction switch
        {
            "send" => new RidAttribute(id, RidDirection.Send, restrictions),
            "recv" => new RidAttribute(id, RidDirection.Receive, restrictions),
            _ => null,
        };
    }

    internal override void AppendValue(StringBuilder sb)
    {
        sb.Append(Id).Append(' ').Append(Direction == RidDirection.Send ? "send" : "recv");
        if (Restrictions is not null)
        {
            sb.Append(' ').Append(Restrictions);
        }
    }
}
