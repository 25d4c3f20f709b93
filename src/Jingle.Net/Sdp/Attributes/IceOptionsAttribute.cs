using System.Text;

namespace Jingle.Net.Sdp;

/// <summary><c>a=ice-options:&lt;ice-option-tag&gt; *(SP ...)</c> (RFC 8839 §5.6), e.g. "trickle", "renomination".</summary>
public sealed class IceOptionsAttribute : SdpAttribute
{
    public const string AttributeName = "ice-options";
    public const string Trickle = "trickle";
    public const string Renomination = "renomination";

    public IceOptionsAttribute(IEnumerable<string> options)
    {
        Options = new List<string>(options);
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    public IList<string> Options { get; }

    public bool HasTrickle => Options.Contains(Trickle, StringComparer.Ordinal);

    public bool HasRenomination => Options.Contains(Renomination, StringComparer.Ordinal);

    internal static IceOptionsAttribute? Parse(string value)
    {
        string[] tokens = SdpText.Tokens(value);
        return tokens.Length == 0 ? null : new IceOptionsAttribute(tokens);
    }

    internal override void AppendValue(StringBuilder sb) => sb.AppendJoin(' ', Options);
}
