using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// <c>a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;</c> (RFC 8866 §6.15). The parameters are kept as
/// written; <see cref="GetParameters"/> reads the usual <c>key=value;key=value</c> form.
/// </summary>
public sealed class FmtpAttribute : SdpAttribute
{
    public const string AttributeName = "fmtp";

    public FmtpAttribute(string format, string parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(format);
        ArgumentNullException.ThrowIfNull(parameters);
        Format = format;
        Parameters = parameters;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    /// <summary>The format (an RTP payload type number for RTP media).</summary>
    public string Format { get; set; }

    /// <summary>The payload type when <see cref="Format"/> is a number, else -1.</summary>
    public int PayloadType => SdpText.TryInt(Format, out int pt) ? pt : -1;

    /// <summary>The parameters as written, e.g. "minptime=10;useinbandfec=1" or "0-15".</summary>
    public string Parameters { get; set; }

    /// <summary>
    /// The parameters as (key, value) pairs split at ';' and the first '='; a parameter without '=' (such as
    /// telephone-event's "0-15") has an empty key. Keys keep their case; RFC 7587 keys are compared case-insensitively.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetParameters()
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (string part in Parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            list.Add(eq < 0
                ? new KeyValuePair<string, string>(string.Empty, part)
                : new KeyValuePair<string, string>(part[..eq].Trim(), part[(eq + 1)..].Trim()));
        }

        return list;
    }

    /// <summary>The value of one key (case-insensitive), or null.</summary>
    public string? GetParameter(string key)
    {
        foreach (KeyValuePair<string, string> p in GetParameters())
        {
            if (string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }

    internal static FmtpAttribute? Parse(string value) =>
        SdpText.TrySplitFirst(value, out string format, out string rest) ? new FmtpAttribute(format, rest) : null;

    internal override void AppendValue(StringBuilder sb)
    {
        sb.Append(Format);
        if (Parameters.Length > 0)
        {
            sb.Append(' ').Append(Parameters);
        }
    }
}
