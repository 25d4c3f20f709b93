using Jingle.Net.Base;

namespace Jingle.Net.Ice.Transport;

/// <summary>
/// Two <see cref="InMemoryPacketTransport"/> endpoints wired to each other: what one sends, the other receives.
/// For tests and benchmarks of the layers above ICE (DTLS, SRTP, SCTP) without sockets. Optional impairments:
/// random loss, a fixed delay on a <see cref="TimeProvider"/> (a fake one in tests), per-endpoint drop filters
/// and writability switches.
/// <para>
/// Delivery: with no delay and no <see cref="PacketTransportPairOptions.DeliveryThread"/>, <c>Send</c> raises the
/// peer's <see cref="IPacketTransport.PacketReceived"/> inline (zero copies, zero allocations). With a delivery
/// thread, each packet is copied and delivered there; with a delay, it is delivered when the delay has passed on
/// the clock (on the delivery thread when there is one, else on the timer's thread).
/// </para>
/// </summary>
public sealed class PacketTransportPair
{
    /// <summary>Creates the pair.</summary>
    public PacketTransportPair(PacketTransportPairOptions? options = null)
    {
        options ??= new PacketTransportPairOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LossRate, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.LossRate, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Delay, TimeSpan.Zero);
        Options = options;
        First = new InMemoryPacketTransport(this, options.FirstName);
        Second = new InMemoryPacketTransport(this, options.SecondName);
        First.Peer = Second;
        Second.Peer = First;
    }

    /// <summary>The options the pair was made with.</summary>
    public PacketTransportPairOptions Options { get; }

    /// <summary>One end.</summary>
    public InMemoryPacketTransport First { get; }

    /// <summary>The other end.</summary>
    public InMemoryPacketTransport Second { get; }

    internal TimeProvider Time => Options.TimeProvider ?? TimeProvider.System;

    internal bool ShouldLose() => Options.LossRate > 0 && (Options.Random ?? RandomSource.Secure).NextDouble() < Options.LossRate;
}
