using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// The session-level <c>a=msid-semantic: WMS [ids|*]</c> of libwebrtc and Firefox (draft-ietf-mmusic-msid before
/// RFC 8830). Read with or without the space after the colon, and written back the same way.
/// </summary>
public sealed class MsidSemanticAttribute : SdpAttribute
{
    public const string AttributeName = "msid-semantic";

    public MsidSemanticAttribute(string semantic, IEnumerable<string> identifiers)
    {
        ArgumentException.ThrowIfNullOrEmpty(semantic);
        Semantic = semantic;
        Identifiers = new List<string>(identifiers);
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    /// <summary>"WMS".</summary>
    public string Semantic { get; set; }

    /// <summary>True (libwebrtc's form, the default) to write a space after the colon; Firefox and aiortc write none.</summary>
    public bool SpaceAfterColon { get; set; } = true;

    /// <summary>The stream ids, or "*" for all.</summary>
    public IList<string> Identifiers { get; }

    internal static MsidSemanticAttribute? Parse(string value)
    {
        string[] t = SdpText.Tokens(value);
        return t.Length == 0
            ? null
            : new MsidSemanticAttribute(t[0], t.Skip(1)) { SpaceAfterColon = value.StartsWith(' ') };
    }

    internal override void AppendValue(StringBuilder sb)
    {
        if (SpaceAfterColon)
        {
            sb.Append(' ');
        }

        sb.Append(Semantic);
        foreach (string id in Identifiers)
        {
            sb.Append(' ').Append(id);
        }
    }
}
