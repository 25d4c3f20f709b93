using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// A value attribute kept as text: mid, ice-ufrag, ice-pwd, and every attribute this parser does not type, written
/// back exactly as read.
/// </summary>
public sealed class SdpValueAttribute : SdpAttribute
{
    public SdpValueAttribute(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
    }

    public override string Name { get; }

    /// <summary>The text after the colon, verbatim.</summary>
    public string Value { get; set; }

    public override bool HasValue => true;

    internal override void AppendValue(StringBuilder sb) => sb.Append(Value);
}
