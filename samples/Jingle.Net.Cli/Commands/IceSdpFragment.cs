using System.Text;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// An <c>application/trickle-ice-sdpfrag</c> body (RFC 8840 §4.4, with RFC 9725 §4.3.1's update that lets the ICE
/// credentials sit in the media section): the ICE credentials of one generation, the m-section they belong to (its
/// m-line and mid; with BUNDLE the offerer-tagged one) and the candidates, optionally closed by end-of-candidates.
/// WHIP uses it for trickle (PATCH with If-Match: the ETag) and for ICE restart (PATCH with If-Match: *, answered
/// by the server's own fragment).
/// </summary>
internal sealed record IceSdpFragment(string Ufrag, string Pwd, string MediaLine, string? Mid, IReadOnlyList<string> Candidates,
    bool EndOfCandidates, string? BundleGroup = null)
{
    /// <summary>The media type of a fragment body.</summary>
    public const string MediaType = "application/trickle-ice-sdpfrag";

    /// <summary>
    /// A fragment for <paramref name="sdp"/>'s ICE generation: credentials, m-line, mid and BUNDLE group from its first
    /// m-section (session-level credentials are used when the section has none), with the given candidate lines
    /// (<c>candidate:...</c>, with or without <c>a=</c>).
    /// </summary>
    /// <exception cref="FormatException">No m-section, or no ice-ufrag/ice-pwd.</exception>
    public static IceSdpFragment ForDescription(string sdp, IEnumerable<string> candidates, bool endOfCandidates)
    {
        IceSdpFragment whole = Parse(sdp);
        return whole with { Candidates = [.. candidates.Select(c => c.StartsWith("a=", StringComparison.Ordinal) ? c[2..] : c)], EndOfCandidates = endOfCandidates };
    }

    /// <summary>
    /// Reads a fragment (or a whole description: only its first m-section counts). Lines may end in CRLF or LF.
    /// </summary>
    /// <exception cref="FormatException">No m-line, no ice-ufrag/ice-pwd, or a line that is not <c>x=...</c>.</exception>
    public static IceSdpFragment Parse(string text)
    {
        string? sessionUfrag = null, sessionPwd = null, ufrag = null, pwd = null, mid = null, mediaLine = null, bundle = null;
        var candidates = new List<string>();
        bool end = false, inFirst = false, done = false;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=')
            {
                throw new FormatException($"not an SDP line: '{Clip(line)}'");
            }

            if (done)
            {
                continue;
            }

            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                if (inFirst)
                {
                    done = true;   // only the first m-section (the BUNDLE-tagged one, which gathers)
                    continue;
                }

                inFirst = true;
                mediaLine = line;
                continue;
            }

            if (!line.StartsWith("a=", StringComparison.Ordinal))
            {
                continue;
            }

            string attribute = line[2..];
            if (Value(attribute, "ice-ufrag") is string u)
            {
                if (inFirst)
                {
                    ufrag = u;
                }
                else
                {
                    sessionUfrag = u;
                }
            }
            else if (Value(attribute, "ice-pwd") is string p)
            {
                if (inFirst)
                {
                    pwd = p;
                }
                else
                {
                    sessionPwd = p;
                }
            }
            else if (Value(attribute, "group") is string g && g.StartsWith("BUNDLE", StringComparison.Ordinal))
            {
                bundle = g;
            }
            else if (inFirst && Value(attribute, "mid") is string m)
            {
                mid = m;
            }
            else if (inFirst && attribute.StartsWith("candidate:", StringComparison.Ordinal))
            {
                candidates.Add(attribute);
            }
            else if (inFirst && attribute == "end-of-candidates")
            {
                end = true;
            }
        }

        ufrag ??= sessionUfrag;
        pwd ??= sessionPwd;
        if (mediaLine is null)
        {
            throw new FormatException("the fragment has no m= line");
        }

        if (string.IsNullOrEmpty(ufrag) || string.IsNullOrEmpty(pwd))
        {
            throw new FormatException("the fragment has no a=ice-ufrag and a=ice-pwd");
        }

        return new IceSdpFragment(ufrag, pwd, mediaLine, mid, candidates, end, bundle);
    }

    /// <summary>The body: BUNDLE group, m-line, mid, credentials, candidates, end-of-candidates (CRLF lines).</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        if (BundleGroup is not null)
        {
            text.Append("a=group:").Append(BundleGroup).Append("\r\n");
        }

        text.Append(MediaLine).Append("\r\n");
        if (Mid is not null)
        {
            text.Append("a=mid:").Append(Mid).Append("\r\n");
        }

        text.Append("a=ice-ufrag:").Append(Ufrag).Append("\r\n");
        text.Append("a=ice-pwd:").Append(Pwd).Append("\r\n");
        foreach (string candidate in Candidates)
        {
            text.Append("a=").Append(candidate).Append("\r\n");
        }

        if (EndOfCandidates)
        {
            text.Append("a=end-of-candidates\r\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// <paramref name="sdp"/> as the peer's next description after an ICE restart (RFC 9725 §4.3.2: only the ICE
    /// information changes): every ice-ufrag/ice-pwd becomes this fragment's, the old candidates and
    /// end-of-candidates go, and this fragment's candidates go into the first m-section.
    /// </summary>
    public string ApplyTo(string sdp)
    {
        var text = new StringBuilder();
        int section = 0;
        foreach (string raw in sdp.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                if (section == 1)
                {
                    AppendCandidates(text);
                }

                section++;
            }
            else if (line.StartsWith("a=candidate:", StringComparison.Ordinal) || line == "a=end-of-candidates")
            {
                continue;
            }
            else if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                line = "a=ice-ufrag:" + Ufrag;
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                line = "a=ice-pwd:" + Pwd;
            }

            text.Append(line).Append("\r\n");
        }

        if (section == 1)
        {
            AppendCandidates(text);
        }

        return text.ToString();
    }

    private void AppendCandidates(StringBuilder text)
    {
        foreach (string candidate in Candidates)
        {
            text.Append("a=").Append(candidate).Append("\r\n");
        }

        if (EndOfCandidates)
        {
            text.Append("a=end-of-candidates\r\n");
        }
    }

    private static string? Value(string attribute, string name) =>
        attribute.Length > name.Length && attribute.StartsWith(name, StringComparison.Ordinal) && attribute[name.Length] == ':'
            ? attribute[(name.Length + 1)..].Trim()
            : null;

    private static string Clip(string line) => line.Length > 40 ? line[..40] + "..." : line;
}
