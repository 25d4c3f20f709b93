using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// <c>a=simulcast:send &lt;rid-list&gt; [recv &lt;rid-list&gt;]</c> (RFC 8853 §5.1). Each list is kept as written
/// ("1;2;~3", alternatives separated by ','); <see cref="GetStreams"/> splits one.
/// </summary>
public sealed class SimulcastAttribute : SdpAttribute
{
    public const string AttributeName = "simulcast";

    public SimulcastAttribute(string? send, string? receive)
    {
        if (string.IsNullOrEmpty(send) && string.IsNullOrEmpty(receive))
        {
            throw new ArgumentException("A simulcast attribute needs a send or a recv list.", nameof(send));
        }

        Send = string.IsNullOrEmpty(send) ? null : send;
        Receive = string.IsNullOrEmpty(receive) ? null : receive;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    /// <summary>The send rid list, e.g. "0;1;2", or null.</summary>
    public string? Send { get; set; }

    /// <summary>The recv rid list, or null.</summary>
    public string? Receive { get; set; }

    /// <summary>True when the recv list was written before the send list (kept so the line round-trips).</summary>
    public bool ReceiveFirst { get; set; }

    /// <summary>
    /// Splits a rid list into streams (';'), each a list of alternative rids (','); a leading '~' (paused) is kept.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> GetStreams(string? list)
    {
        if (string.IsNullOrEmpty(list))
        {
            return [];
        }

        return list.Split(';').Select(s => (IReadOnlyList<string>)s.Split(',')).ToList();
    }

    internal static SimulcastAttribute? Parse(string value)
    {
        string[] t = SdpText.Tokens(value);
        string? send = null, receive = null;
        bool receiveFirst = false;
        if (t.Length is not (2 or 4))
        {
            return null;
        }

        for (int i = 0; i < t.Length; i += 2)
        {
            if (t[i] == "send" && send is null)
            {
                send = t[i + 1];
            }
            else if (t[i] == "recv" && receive is null)
            {
                receive = t[i + 1];
                receiveFirst |= i == 0 && t.Length == 4;
            }
            else
            {
                return null;
            }
        }

        return new SimulcastAttribute(send, receive) { ReceiveFirst = receiveFirst };
    }

    internal override void AppendValue(StringBuilder sb)
    {
        if (ReceiveFirst && Receive is not null)
        {
            sb.Append("recv ").Append(Receive);
            if (Send is not null)
            {
                sb.Append(" send ").Append(Send);
            }

            return;
        }

        if (Send is not null)
        {
            sb.Append("send ").Append(Send);
            if (Receive is not null)
            {
                sb.Append(' ');
            }
        }

        if (Receive is not null)
        {
            sb.Append("recv ").Append(Receive);
        }
    }
}
