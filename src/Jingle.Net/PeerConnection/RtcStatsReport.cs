using System.Collections;

namespace Jingle.Net;

/// <summary>W3C RTCStatsReport: stats objects by id.</summary>
public sealed class RtcStatsReport(IReadOnlyList<RtcStats> stats) : IReadOnlyDictionary<string, RtcStats>
{
    private readonly Dictionary<string, RtcStats> _byId = stats.ToDictionary(s => s.Id, StringComparer.Ordinal);

    /// <summary>The objects of one W3C type, in report order.</summary>
    public IEnumerable<RtcStats> OfType(string type) => stats.Where(s => s.Type == type);

    /// <inheritdoc/>
    public RtcStats this[string key] => _byId[key];

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _byId.Keys;

    /// <inheritdoc/>
    public IEnumerable<RtcStats> Values => stats;

    /// <inheritdoc/>
    public int Count => stats.Count;

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _byId.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, out RtcStats value) => _byId.TryGetValue(key, out value!);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, RtcStats>> GetEnumerator() => _byId.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
