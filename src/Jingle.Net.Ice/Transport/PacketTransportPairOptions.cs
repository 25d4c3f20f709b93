using Jingle.Net.Base;
using Jingle.Net.Base.Threading;

namespace Jingle.Net.Ice.Transport;

/// <summary>Options of a <see cref="PacketTransportPair"/>.</summary>
public sealed class PacketTransportPairOptions
{
    /// <summary>The clock delays run on (default the system clock).</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>One-way delay of every packet (default none: delivery inline).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Probability in [0, 1] that a sent packet is lost.</summary>
    public double LossRate { get; init; }

    /// <summary>Randomness for <see cref="LossRate"/> (default secure; pass a seeded one for repeatable tests).</summary>
    public RandomSource? Random { get; init; }

    /// <summary>When set, packets are delivered on this thread (copied); the usual "everything on the worker" setup.</summary>
    public RtcThread? DeliveryThread { get; init; }

    /// <summary>Whether both ends start writable (default true).</summary>
    public bool InitiallyWritable { get; init; } = true;

    /// <summary>Name of <see cref="PacketTransportPair.First"/>.</summary>
    public string FirstName { get; init; } = "first";

    /// <summary>Name of <see cref="PacketTransportPair.Second"/>.</summary>
    public string SecondName { get; init; } = "second";
}
