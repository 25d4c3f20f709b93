namespace Jingle.Net.Sdp;

/// <summary>
/// Reads SDP text (RFC 8866 §5, §9 grammar) into a <see cref="SessionDescription"/>. Lenient where real stacks are
/// (line order within a level, LF-only endings, blank lines, unknown line types and attributes), strict where a
/// mistake would change meaning (malformed known attributes, numbers, missing v/o/s). Throws only
/// <see cref="SdpParseException"/>.
/// </summary>
internal static class SdpParser
{
    public static SessionDescription Parse(string sdp)
    {
        if (sdp is null)
        {
            throw new SdpParseException(0, string.Empty, "no SDP text");
        }

        var session = new SessionDescription();
        MediaDescription? media = null;
        SdpTiming? lastTiming = null;
        bool seenVersion = false, seenOrigin = false, seenName = false;
        int lineNumber = 0;
        int start = sdp.Length > 0 && sdp[0] == '\uFEFF' ? 1 : 0; // tolerate a UTF-8 byte order mark
        while (start < sdp.Length)
        {
            int end = sdp.IndexOf('\n', start);
            int next = end < 0 ? sdp.Length : end + 1;
            int lineEnd = end < 0 ? sdp.Length : end;
            if (lineEnd > start && sdp[lineEnd - 1] == '\r')
            {
                lineEnd--;
            }

            lineNumber++;
            int lineStart = start;
            ReadOnlySpan<char> span = sdp.AsSpan(lineStart, lineEnd - lineStart);
            start = next;
            if (span.Length == 0)
            {
                continue;
            }

            if (span.Length < 2 || span[1] != '=')
            {
                throw Error(lineNumber, span, "expected <type>=<value>");
            }

            char type = span[0];
            if (type is < 'a' or > 'z')
            {
                throw Error(lineNumber, span, "the line type must be a lower-case letter");
            }

            if (span.ContainsAny('\r', '\0'))
            {
                throw Error(lineNumber, span, "stray CR or NUL character");
            }

            if (type == 'a' && media is not null)
            {
                media.Attributes.Add(ParseAttribute(lineNumber, span));
                continue;
            }

            string value = span[2..].ToString();
            if (!seenVersion)
            {
                if (type != 'v')
                {
                    throw Error(lineNumber, span, "an SDP description must start with v=");
                }

                if (value != "0")
                {
                    throw Error(lineNumber, span, "unsupported protocol version");
                }

                seenVersion = true;
                continue;
            }

            if (media is null)
            {
                switch (type)
                {
                    case 'v':
                        throw Error(lineNumber, span, "duplicate v= line");
                    case 'o':
                        if (seenOrigin)
                        {
                            throw Error(lineNumber, span, "duplicate o= line");
                        }

                        session.Origin = ParseOrigin(value) ?? throw Error(lineNumber, span, "malformed o= line");
                        seenOrigin = true;
                        break;
                    case 's':
                        if (seenName)
                        {
                            throw Error(lineNumber, span, "duplicate s= line");
                        }

                        session.SessionName = value;
                        seenName = true;
                        break;
                    case 'i':
                        session.Information = value;
                        break;
                    case 'u':
                        session.Uri = value;
                        break;
                    case 'e':
                        session.EmailAddresses.Add(value);
                        break;
                    case 'p':
                        session.PhoneNumbers.Add(value);
                        break;
                    case 'c':
                        session.Connection = ParseConnection(value) ?? throw Error(lineNumber, span, "malformed c= line");
                        break;
                    case 'b':
                        session.Bandwidths.Add(ParseBandwidth(value) ?? throw Error(lineNumber, span, "malformed b= line"));
                        break;
                    case 't':
                        lastTiming = ParseTiming(value) ?? throw Error(lineNumber, span, "malformed t= line");
                        session.Timings.Add(lastTiming);
                        break;
                    case 'r':
                        if (lastTiming is null)
                        {
                            throw Error(lineNumber, span, "r= without a preceding t= line");
                        }

                        lastTiming.Repeats.Add(value);
                        break;
                    case 'z':
                        session.TimeZones = value;
                        break;
                    case 'k':
                        session.EncryptionKey = value;
                        break;
                    case 'a':
                        session.Attributes.Add(ParseAttribute(lineNumber, span));
                        break;
                    case 'm':
                        media = StartMedia(session, lineNumber, span, value);
                        break;
                    default:
                        session.Attributes.Add(new UnknownLine(type, value));
                        break;
                }

                continue;
            }

            switch (type)
            {
                case 'm':
                    media = StartMedia(session, lineNumber, span, value);
                    break;
                case 'i':
                    media.Information = value;
                    break;
                case 'c':
                    media.Connection = ParseConnection(value) ?? throw Error(lineNumber, span, "malformed c= line");
                    break;
                case 'b':
                    media.Bandwidths.Add(ParseBandwidth(value) ?? throw Error(lineNumber, span, "malformed b= line"));
                    break;
                case 'k':
                    media.EncryptionKey = value;
                    break;
                case 'v' or 'o' or 's' or 'u' or 'e' or 'p' or 't' or 'r' or 'z':
                    throw Error(lineNumber, span, "session-level line inside a media description");
                default:
                    media.Attributes.Add(new UnknownLine(type, value));
                    break;
            }
        }

        if (!seenVersion)
        {
            throw Error(0, string.Empty, "empty SDP: no v= line");
        }

        if (!seenOrigin)
        {
            throw Error(0, string.Empty, "missing o= line");
        }

        if (!seenName)
        {
            throw Error(0, string.Empty, "missing s= line");
        }

        return session;
    }

    private static SdpParseException Error(int lineNumber, string line, string reason) => new(lineNumber, line, reason);

    private static SdpParseException Error(int lineNumber, ReadOnlySpan<char> line, string reason) => new(lineNumber, line.ToString(), reason);

    private static SdpAttribute ParseAttribute(int lineNumber, ReadOnlySpan<char> line) =>
        SdpAttributeParser.Parse(line[2..], out string? error) ?? throw Error(lineNumber, line, error ?? "malformed attribute");

    private static MediaDescription StartMedia(SessionDescription session, int lineNumber, ReadOnlySpan<char> span, string value)
    {
        string[] t = SdpText.Tokens(value);
        if (t.Length < 3)
        {
            throw Error(lineNumber, span, "an m= line needs <media> <port> <proto> <fmt> ...");
        }

        var media = new MediaDescription { Media = t[0], Protocol = t[2] };
        string port = t[1];
        int slash = port.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!SdpText.TryInt(port.AsSpan(slash + 1), out int count))
            {
                throw Error(lineNumber, span, "malformed number of ports");
            }

            media.NumberOfPorts = count;
            port = port[..slash];
        }

        if (!SdpText.TryPort(port, out int p))
        {
            throw Error(lineNumber, span, "malformed port");
        }

        media.Port = p;
        for (int i = 3; i < t.Length; i++)
        {
            media.Formats.Add(t[i]);
        }

        session.Media.Add(media);
        return media;
    }

    private static SdpOrigin? ParseOrigin(string value)
    {
        string[] t = SdpText.Tokens(value);
        if (t.Length != 6 || !SdpText.TryULong(t[2], out ulong version))
        {
            return null;
        }

        return new SdpOrigin
        {
            Username = t[0],
            SessionId = t[1],
            SessionVersion = version,
            NetworkType = t[3],
            AddressType = t[4],
            UnicastAddress = t[5],
        };
    }

    private static SdpConnection? ParseConnection(string value)
    {
        string[] t = SdpText.Tokens(value);
        return t.Length == 3 ? new SdpConnection(t[0], t[1], t[2]) : null;
    }

    private static SdpBandwidth? ParseBandwidth(string value)
    {
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || value.AsSpan(0, colon).ContainsAny(' ', '\t') ||
            !SdpText.TryULong(value.AsSpan(colon + 1), out ulong bandwidth))
        {
            return null;
        }

        return new SdpBandwidth(value[..colon], bandwidth);
    }

    private static SdpTiming? ParseTiming(string value)
    {
        string[] t = SdpText.Tokens(value);
        if (t.Length != 2 || !SdpText.TryULong(t[0], out ulong startTime) || !SdpText.TryULong(t[1], out ulong stopTime))
        {
            return null;
        }

        return new SdpTiming(startTime, stopTime);
    }
}
