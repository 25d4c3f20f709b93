namespace Jingle.Net.Sctp.Simulation;

/// <summary>Impairments of one direction of a <see cref="SctpPairSimulation"/> link.</summary>
public sealed record SimulatedLinkOptions
{
    /// <summary>One-way propagation delay (half the round-trip time).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Probability in [0, 1] that a packet is lost.</summary>
    public double Loss { get; init; }

    /// <summary>Probability in [0, 1] that a packet is delivered twice.</summary>
    public double Duplication { get; init; }

    /// <summary>Probability in [0, 1] that a packet is held back by up to <see cref="ReorderDelay"/> so later ones overtake it.</summary>
    public double Reordering { get; init; }

    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Link rate in bits per second; 0 = unlimited.</summary>
    public double BitsPerSecond { get; init; }

    /// <summary>Bottleneck queue (drop-tail) in bytes when <see cref="BitsPerSecond"/> is set.</summary>
    public int QueueBytes { get; init; } = 2 * 1024 * 1024;
}
