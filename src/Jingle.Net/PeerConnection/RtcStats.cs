using System.Globalization;
using System.Text;

namespace Jingle.Net;

/// <summary>
/// One W3C stats object (webrtc-stats): its <see cref="Id"/>, <see cref="Type"/> ("transport", "candidate-pair",
/// "local-candidate", "remote-candidate", "data-channel", "certificate", "peer-connection"), the timestamp in
/// milliseconds and its members by their W3C names (for example <c>bytesSent</c>, <c>currentRoundTripTime</c>).
/// </summary>
public sealed class RtcStats(string id, string type, double timestamp, IReadOnlyDictionary<string, object?> members)
{
    /// <summary>Unique within a report; other objects refer to it (transportId, localCandidateId, ...).</summary>
    public string Id { get; } = id;

    /// <summary>The W3C RTCStatsType string.</summary>
    public string Type { get; } = type;

    /// <summary>Milliseconds on the environment's clock.</summary>
    public double Timestamp { get; } = timestamp;

    /// <summary>The members by W3C name.</summary>
    public IReadOnlyDictionary<string, object?> Members { get; } = members;

    /// <summary>A member's value, or null.</summary>
    public object? this[string name] => Members.TryGetValue(name, out object? value) ? value : null;

    /// <summary>A numeric member as a long (0 when absent).</summary>
    public long GetInt64(string name) => this[name] is { } v ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : 0;

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder().Append(Type).Append(' ').Append(Id);
        foreach (KeyValuePair<string, object?> member in Members)
        {
            sb.Append(' ').Append(member.Key).Append('=').Append(Convert.ToString(member.Value, CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
