using System.Text;
using Jingle.Net.Configuration;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// The ICE servers a WHIP endpoint offers in <c>Link</c> header fields (RFC 9725 §4.6, RFC 8288):
/// <c>&lt;turn:turn.example.net?transport=udp&gt;; rel="ice-server"; username="user"; credential="pass";
/// credential-type="password"</c>. Links of another relation, URIs the configuration cannot use and TURN URIs
/// without credentials are skipped (and counted); a field that is not a link list stops at the malformed part.
/// </summary>
internal static class WhipIceServerLinks
{
    /// <summary>Reads every <c>rel="ice-server"</c> link of the given Link field values, one ICE server each.</summary>
    public static IReadOnlyList<IceServer> Parse(IEnumerable<string> fieldValues, out int skipped)
    {
        var servers = new List<IceServer>();
        skipped = 0;
        foreach (string value in fieldValues)
        {
            foreach ((string target, Dictionary<string, string> parameters) in Links(value))
            {
                if (!parameters.TryGetValue("rel", out string? rel)
                    || !rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("ice-server", StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (parameters.TryGetValue("credential-type", out string? type) && !type.Equals("password", StringComparison.OrdinalIgnoreCase))
                {
                    skipped++;   // only long-term password credentials exist (RFC 9725 §4.6; "oauth" was dropped from W3C)
                    continue;
                }

                var server = new IceServer(target)
                {
                    Username = parameters.GetValueOrDefault("username"),
                    Credential = parameters.GetValueOrDefault("credential"),
                };
                try
                {
                    server.Validate();
                    servers.Add(server);
                }
                catch (Exception e) when (e is FormatException or ArgumentException)
                {
                    skipped++;
                }
            }
        }

        return servers;
    }

    /// <summary>The links of one field value: <c>&lt;target&gt;; name=value; name="quoted"</c>, comma-separated.</summary>
    private static IEnumerable<(string Target, Dictionary<string, string> Parameters)> Links(string value)
    {
        int i = 0;
        while (true)
        {
            i = Skip(value, i, " \t,");
            if (i >= value.Length || value[i] != '<')
            {
                yield break;
            }

            int close = value.IndexOf('>', i + 1);
            if (close < 0)
            {
                yield break;
            }

            string target = value[(i + 1)..close].Trim();
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            i = close + 1;
            while (true)
            {
                i = Skip(value, i, " \t");
                if (i >= value.Length || value[i] != ';')
                {
                    break;
                }

                i = Skip(value, i + 1, " \t");
                int nameStart = i;
                while (i < value.Length && value[i] is not ('=' or ';' or ',' or ' ' or '\t'))
                {
                    i++;
                }

                string name = value[nameStart..i];
                string parameter = string.Empty;
                i = Skip(value, i, " \t");
                if (i < value.Length && value[i] == '=')
                {
                    i = Skip(value, i + 1, " \t");
                    (parameter, i) = ReadValue(value, i);
                }

                if (name.Length > 0)
                {
                    parameters.TryAdd(name, parameter);   // RFC 8288 §3: the first occurrence counts
                }
            }

            yield return (target, parameters);
        }
    }

    private static (string Value, int Next) ReadValue(string value, int i)
    {
        if (i < value.Length && value[i] == '"')
        {
            var text = new StringBuilder();
            for (i++; i < value.Length && value[i] != '"'; i++)
            {
                if (value[i] == '\\' && i + 1 < value.Length)
                {
                    i++;
                }

                text.Append(value[i]);
            }

            return (text.ToString(), Math.Min(i + 1, value.Length));
        }

        int start = i;
        while (i < value.Length && value[i] is not (';' or ',' or ' ' or '\t'))
        {
            i++;
        }

        return (value[start..i], i);
    }

    private static int Skip(string value, int i, string characters)
    {
        while (i < value.Length && characters.Contains(value[i], StringComparison.Ordinal))
        {
            i++;
        }

        return i;
    }
}
