using System.Globalization;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// One signed-in peer of <c>jingle pcserver</c>: its id and name, the responses queued for it while no /wait is
/// pending, and the pending /wait if there is one. Guarded by the server's lock.
/// </summary>
internal sealed class PcServerMember(int id, string name, long now)
{
    /// <summary>libwebrtc's limit on a peer name (longer names are cut).</summary>
    public const int MaxNameLength = 512;

    public int Id { get; } = id;

    public string Name { get; } = name;

    public bool Connected { get; set; } = true;

    /// <summary>Timestamp (TimeProvider) of sign-in or of the last time a /wait ended; the idle timeout counts from it.</summary>
    public long LastSeen { get; set; } = now;

    public LinkedList<PcServerMessage> Queue { get; } = new();

    public TaskCompletionSource<PcServerMessage>? Waiting { get; set; }

    /// <summary>"name,id,connected\n" (connected 1 or 0), the peer-list line.</summary>
    public string Entry => string.Create(CultureInfo.InvariantCulture, $"{Name},{Id},{(Connected ? 1 : 0)}\n");

    /// <summary>libwebrtc's naming rule: the sign_in query is the name, ',' becomes '_', at most 512 characters,
    /// "peer_ID" when empty.</summary>
    public static string CleanName(string raw, int id)
    {
        string name = raw.Replace(',', '_').Replace('\r', '_').Replace('\n', '_');
        if (name.Length > MaxNameLength)
        {
            name = name[..MaxNameLength];
        }

        return name.Length == 0 ? string.Create(CultureInfo.InvariantCulture, $"peer_{id}") : name;
    }

    /// <summary>Hands <paramref name="message"/> to the pending /wait, or queues it.</summary>
    public void Deliver(PcServerMessage message, long now)
    {
        TaskCompletionSource<PcServerMessage>? waiting = Waiting;
        if (waiting is not null)
        {
            Waiting = null;
            LastSeen = now;
            waiting.TrySetResult(message);
        }
        else
        {
            Queue.AddLast(message);
        }
    }
}
