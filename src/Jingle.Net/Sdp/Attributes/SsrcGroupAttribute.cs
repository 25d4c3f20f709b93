using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// <c>a=ssrc-group:&lt;semantics&gt; &lt;ssrc-id&gt; ...</c> (RFC 5576 §4.2): FID (RTX, RFC 4588), SIM (simulcast),
/// FEC-FR (RFC 5956).
/// </summary>
public sealed class SsrcGroupAttribute : SdpAttribute
{
    public const string AttributeName = "ssrc-group";
    public const string Fid = "FID";
    public const string Sim = "SIM";
    public const string FecFr = "FEC-FR";

    public SsrcGroupAttribute(string semantics, IEnumerable<uint> ssrcs)
    {
        ArgumentException.ThrowIfNullOrEmpty(semantics);
        Semantics = semantics;
        Ssrcs = new List<uint>(ssrcs);
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    public string Semantics { get; set; }

    public IList<uint> Ssrcs { get; }

    internal static SsrcGroupAttribute? Parse(string value)
    {
        string[] t = SdpText.Tokens(value);
        if (t.Length == 0)
        {
            return null;
        }

        var ssrcs = new uint[t.Length - 1];
        for (int i = 1; i < t.Length; i++)
        {
            if (!SdpText.TryUInt(t[i], out ssrcs[i - 1]))
            {
                return null;
            }
        }

        return new SsrcGroupAttribute(t[0], ssrcs);
    }

    internal override void AppendValue(StringBuilder sb)
    {
        sb.Append(Semantics);
        foreach (uint ssrc in Ssrcs)
        {
            sb.Append(' ').Append(ssrc);
        }
    }
}
