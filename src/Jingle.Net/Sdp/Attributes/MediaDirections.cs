namespace Jingle.Net.Sdp;

/// <summary>Wire strings and offer/answer rules for <see cref="MediaDirection"/>.</summary>
public static class MediaDirections
{
    public static string ToWireString(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendRecv => "sendrecv",
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => throw new ArgumentOutOfRangeException(nameof(direction)),
    };

    public static bool TryParse(string? value, out MediaDirection direction)
    {
        switch (value)
        {
            case "sendrecv": direction = MediaDirection.SendRecv; return true;
            case "sendonly": direction = MediaDirection.SendOnly; return true;
            case "recvonly": direction = MediaDirection.RecvOnly; return true;
            case "inactive": direction = MediaDirection.Inactive; return true;
            default: direction = default; return false;
        }
    }

    public static bool Sends(this MediaDirection d) => d is MediaDirection.SendRecv or MediaDirection.SendOnly;

    public static bool Receives(this MediaDirection d) => d is MediaDirection.SendRecv or MediaDirection.RecvOnly;

    /// <summary>The direction seen from the other side: sendonly becomes recvonly and the reverse.</summary>
    public static MediaDirection Reverse(this MediaDirection d) => d switch
    {
        MediaDirection.SendOnly => MediaDirection.RecvOnly,
        MediaDirection.RecvOnly => MediaDirection.SendOnly,
        _ => d,
    };

    /// <summary>
    /// The answer's direction (RFC 8866 §6.7, RFC 9429 §5.3.1): what the answerer wants, limited to the reverse of
    /// what the offer allows.
    /// </summary>
    public static MediaDirection Answer(MediaDirection offered, MediaDirection wanted)
    {
        bool send = wanted.Sends() && offered.Receives();
        bool receive = wanted.Receives() && offered.Sends();
        return Make(send, receive);
    }

    internal static MediaDirection Make(bool send, bool receive) => (send, receive) switch
    {
        (true, true) => MediaDirection.SendRecv,
        (true, false) => MediaDirection.SendOnly,
        (false, true) => MediaDirection.RecvOnly,
        _ => MediaDirection.Inactive,
    };
}
