using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// <c>a=group:&lt;semantics&gt; *(SP &lt;identification-tag&gt;)</c> (RFC 5888), with the semantics BUNDLE
/// (RFC 9143) and LS.
/// </summary>
public sealed class GroupAttribute : SdpAttribute
{
    public const string AttributeName = "group";
    public const string Bundle = "BUNDLE";
    public const string LipSync = "LS";

    public GroupAttribute(string semantics, IEnumerable<string> mids)
    {
        ArgumentException.ThrowIfNullOrEmpty(semantics);
        Semantics = semantics;
        Mids = new List<string>(mids);
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    /// <summary>"BUNDLE", "LS" or another semantics token.</summary>
    public string Semantics { get; set; }

    /// <summary>The mids of the group, in order; for BUNDLE the first is the offerer's tagged m-section.</summary>
    public IList<string> Mids { get; }

    public bool IsBundle => string.Equals(Semantics, Bundle, StringComparison.Ordinal);

    internal static GroupAttribute? Parse(string value)
    {
        string[] tokens = SdpText.Tokens(value);
        return tokens.Length == 0 ? null : new GroupAttribute(tokens[0], tokens.Skip(1));
    }

    internal override void AppendValue(StringBuilder sb)
    {
        sb.Append(Semantics);
        foreach (string mid in Mids)
        {
            sb.Append(' ').Append(mid);
        }
    }
}
