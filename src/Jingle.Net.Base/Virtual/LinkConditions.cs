namespace Jingle.Net.Base.Virtual;

/// <summary>
/// Impairments of a host's access link, applied to every packet the host sends (on the way out) and receives (on the
/// way in): a packet from A to B crosses A's link, then the routers, then B's link. Random choices come from the
/// network's seeded generator, so the same seed and the same traffic give the same trace.
/// </summary>
public sealed record LinkConditions
{
    /// <summary>No delay, no loss, unlimited bandwidth.</summary>
    public static LinkConditions Perfect { get; } = new();

    /// <summary>One-way propagation delay of this link.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Each packet's delay varies uniformly within ± Jitter (never below zero); jitter may reorder.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Probability in [0, 1] that a packet crossing this link is lost.</summary>
    public double LossRate { get; init; }

    /// <summary>Probability in [0, 1] that a packet sent over this link is delivered twice.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Probability in [0, 1] that a packet sent over this link is held back by <see cref="ReorderDelay"/>.</summary>
    public double ReorderRate { get; init; }

    /// <summary>Extra delay of a reordered packet, so that later packets overtake it.</summary>
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Link rate in bits per second (0 = unlimited). Each packet takes (size × 8 / rate) to serialize.</summary>
    public long BandwidthBitsPerSecond { get; init; }

    /// <summary>Bytes a bandwidth-limited link may hold waiting to serialize; packets beyond it are dropped.</summary>
    public int QueueLimitBytes { get; init; } = 256 * 1024;

    /// <summary>Header bytes added to each payload when computing serialization time (IPv4 20 + UDP 8).</summary>
    public int PacketOverheadBytes { get; init; } = 28;

    internal bool IsPerfect => Delay == TimeSpan.Zero && Jitter == TimeSpan.Zero && LossRate <= 0 && DuplicateRate <= 0
        && ReorderRate <= 0 && BandwidthBitsPerSecond <= 0;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Delay, TimeSpan.Zero, nameof(Delay));
        ArgumentOutOfRangeException.ThrowIfLessThan(Jitter, TimeSpan.Zero, nameof(Jitter));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReorderDelay, TimeSpan.Zero, nameof(ReorderDelay));
        CheckRate(LossRate, nameof(LossRate));
        CheckRate(DuplicateRate, nameof(DuplicateRate));
        CheckRate(ReorderRate, nameof(ReorderRate));
        ArgumentOutOfRangeException.ThrowIfNegative(BandwidthBitsPerSecond, nameof(BandwidthBitsPerSecond));
        ArgumentOutOfRangeException.ThrowIfNegative(QueueLimitBytes, nameof(QueueLimitBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(PacketOverheadBytes, nameof(PacketOverheadBytes));
    }

    private static void CheckRate(double rate, string name)
    {
        if (double.IsNaN(rate) || rate < 0 || rate > 1)
        {
            throw new ArgumentOutOfRangeException(name, rate, "A rate must be in [0, 1].");
        }
    }
}
