using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>Writes a <see cref="SessionDescription"/> as SDP text in RFC 8866 §5 order with CRLF line endings.</summary>
internal static class SdpWriter
{
    public static string Write(SessionDescription s)
    {
        var sb = new StringBuilder(1024 + (s.Media.Count * 1024));
        int lines = 0;
        Line(sb, ref lines, 'v').Append(s.Version);
        End(sb);
        SdpOrigin o = s.Origin;
        Line(sb, ref lines, 'o').Append(o.Username).Append(' ').Append(o.SessionId).Append(' ').Append(o.SessionVersion)
            .Append(' ').Append(o.NetworkType).Append(' ').Append(o.AddressType).Append(' ').Append(o.UnicastAddress);
        End(sb);
        Text(sb, ref lines, 's', s.SessionName);
        Text(sb, ref lines, 'i', s.Information);
        Text(sb, ref lines, 'u', s.Uri);
        foreach (string e in s.EmailAddresses)
        {
            Text(sb, ref lines, 'e', e);
        }

        foreach (string p in s.PhoneNumbers)
        {
            Text(sb, ref lines, 'p', p);
        }

        Connection(sb, ref lines, s.Connection);
        Bandwidths(sb, ref lines, s.Bandwidths);
        foreach (SdpTiming t in s.Timings)
        {
            Line(sb, ref lines, 't').Append(t.StartTime).Append(' ').Append(t.StopTime);
            End(sb);
            foreach (string r in t.Repeats)
            {
                Text(sb, ref lines, 'r', r);
            }
        }

        Text(sb, ref lines, 'z', s.TimeZones);
        Text(sb, ref lines, 'k', s.EncryptionKey);
        Attributes(sb, ref lines, s.Attributes);
        foreach (MediaDescription m in s.Media)
        {
            Line(sb, ref lines, 'm').Append(m.Media).Append(' ').Append(m.Port);
            if (m.NumberOfPorts is int n)
            {
                sb.Append('/').Append(n);
            }

            sb.Append(' ').Append(m.Protocol);
            foreach (string f in m.Formats)
            {
                sb.Append(' ').Append(f);
            }

            End(sb);
            Text(sb, ref lines, 'i', m.Information);
            Connection(sb, ref lines, m.Connection);
            Bandwidths(sb, ref lines, m.Bandwidths);
            Text(sb, ref lines, 'k', m.EncryptionKey);
            Attributes(sb, ref lines, m.Attributes);
        }

        CheckNoInjectedLines(sb, lines);
        return sb.ToString();
    }

    private static StringBuilder Line(StringBuilder sb, ref int lines, char type)
    {
        lines++;
        return sb.Append(type).Append('=');
    }

    private static void End(StringBuilder sb) => sb.Append("\r\n");

    private static void Text(StringBuilder sb, ref int lines, char type, string? value)
    {
        if (value is not null)
        {
            Line(sb, ref lines, type).Append(value);
            End(sb);
        }
    }

    private static void Connection(StringBuilder sb, ref int lines, SdpConnection? c)
    {
        if (c is not null)
        {
            Line(sb, ref lines, 'c').Append(c.NetworkType).Append(' ').Append(c.AddressType).Append(' ').Append(c.Address);
            End(sb);
        }
    }

    private static void Bandwidths(StringBuilder sb, ref int lines, IList<SdpBandwidth> bandwidths)
    {
        foreach (SdpBandwidth b in bandwidths)
        {
            Line(sb, ref lines, 'b').Append(b.Type).Append(':').Append(b.Value);
            End(sb);
        }
    }

    private static void Attributes(StringBuilder sb, ref int lines, SdpAttributeCollection attributes)
    {
        foreach (SdpAttribute a in attributes)
        {
            lines++;
            a.AppendLine(sb);
            End(sb);
        }
    }

    /// <summary>
    /// A field holding CR or LF would inject lines into the description (a security bug when the value came from a
    /// peer or a user); every CR and LF written must be one of our line endings.
    /// </summary>
    private static void CheckNoInjectedLines(StringBuilder sb, int lines)
    {
        int cr = 0, lf = 0;
        foreach (ReadOnlyMemory<char> chunk in sb.GetChunks())
        {
            ReadOnlySpan<char> span = chunk.Span;
            cr += span.Count('\r');
            lf += span.Count('\n');
        }

        if (cr != lines || lf != lines)
        {
            throw new InvalidOperationException("A field of the session description contains a line break.");
        }
    }
}
