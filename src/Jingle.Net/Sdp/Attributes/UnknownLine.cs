using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// A line of a type this parser does not know (e.g. <c>x=...</c>), kept verbatim in the attribute list at the place
/// it was read so that it is written back in order (RFC 8866 §5: unknown types are ignored, not rejected).
/// </summary>
public sealed class UnknownLine : SdpAttribute
{
    public UnknownLine(char type, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Type = type;
        Value = value;
    }

    /// <summary>The line type letter.</summary>
    public char Type { get; }

    /// <summary>The text after "=", verbatim.</summary>
    public string Value { get; set; }

    public override string Name => Type.ToString();

    public override bool HasValue => true;

    internal override void AppendLine(StringBuilder sb) => sb.Append(Type).Append('=').Append(Value);

    internal override void AppendValue(StringBuilder sb) => sb.Append(Value);
}
