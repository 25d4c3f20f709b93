using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// One <c>a=</c> line (RFC 8866 §5.13): a property attribute <c>a=&lt;name&gt;</c> or a value attribute
/// <c>a=&lt;name&gt;:&lt;value&gt;</c>. The WebRTC attributes have typed subclasses; any other attribute is kept
/// verbatim as a <see cref="SdpPropertyAttribute"/> or <see cref="SdpValueAttribute"/>.
/// </summary>
public abstract class SdpAttribute
{
    private protected SdpAttribute()
    {
    }

    /// <summary>The attribute name, e.g. "rtpmap".</summary>
    public abstract string Name { get; }

    /// <summary>True for a value attribute (written with a colon), false for a property attribute.</summary>
    public abstract bool HasValue { get; }

    /// <summary>The value as written after the colon, or null for a property attribute.</summary>
    public string? GetValue()
    {
        if (!HasValue)
        {
            return null;
        }

        var sb = new StringBuilder();
        AppendValue(sb);
        return sb.ToString();
    }

    /// <summary>The whole line without its line ending, e.g. <c>a=mid:0</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendLine(sb);
        return sb.ToString();
    }

    /// <summary>Appends the line without its line ending.</summary>
    internal virtual void AppendLine(StringBuilder sb)
    {
        sb.Append("a=").Append(Name);
        if (HasValue)
        {
            sb.Append(':');
            AppendValue(sb);
        }
    }

    /// <summary>Appends the value (the text after the colon).</summary>
    internal abstract void AppendValue(StringBuilder sb);
}
