using Jingle.Net.Base;

namespace Jingle.Net.Sctp.Simulation;

/// <summary>
/// Two <see cref="SctpAssociation"/>s joined by a simulated link (delay, loss, duplication, reordering, a
/// bandwidth-limited drop-tail queue) on a virtual clock: a discrete-event simulation, so minutes of protocol time run
/// in milliseconds, deterministically for a given seed. Used by the tests, <c>jingle bench sctp</c> and the benchmarks.
/// </summary>
public sealed class SctpPairSimulation
{
    private readonly PriorityQueue<Delivery, (long Ticks, long Seq)> _events = new();
    private readonly SimulatedLinkOptions _aToB;
    private readonly SimulatedLinkOptions _bToA;
    private readonly RandomSource _random;
    private readonly byte[] _scratch;
    private readonly JingleEnvironment _environment;
    private readonly Internal.BufferPool _pool = new(64L * 1024 * 1024);
    private long _seq;
    private int _stepsAtSameTime;
    private TimeSpan _linkFreeAtAToB;
    private TimeSpan _linkFreeAtBToA;

    public SctpPairSimulation(JingleEnvironment environment, SctpOptions optionsA, ISctpAssociationHandler handlerA,
        SctpOptions optionsB, ISctpAssociationHandler handlerB, SimulatedLinkOptions aToB, SimulatedLinkOptions bToA, int seed)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(optionsA);
        ArgumentNullException.ThrowIfNull(optionsB);
        _aToB = aToB;
        _bToA = bToA;
        _random = RandomSource.CreateSeeded(seed);
        _environment = environment;
        A = new SctpAssociation(environment, optionsA, handlerA, "A");
        B = new SctpAssociation(environment, optionsB, handlerB, "B");
        _scratch = new byte[Math.Max(optionsA.Mtu, optionsB.Mtu)];
    }

    public SctpAssociation A { get; private set; }

    public SctpAssociation B { get; }

    /// <summary>Replaces A with a fresh association, as if its host lost all state (to test restarts).</summary>
    public void ReplaceA(SctpOptions options, ISctpAssociationHandler handler) => A = new SctpAssociation(_environment, options, handler, "A'");

    /// <summary>The virtual clock.</summary>
    public TimeSpan Now { get; private set; }

    /// <summary>
    /// Optional filter on a copy of each packet (from A when the flag is true): return false to drop it; changes to the
    /// array are what gets delivered. For targeted loss and tampering in tests.
    /// </summary>
    public Func<bool, byte[], bool>? Filter { get; set; }

    public long PacketsDropped { get; private set; }

    public long PacketsDelivered { get; private set; }

    public long PacketsDuplicated { get; private set; }

    /// <summary>Called before each step (for example to keep a sender's buffer topped up).</summary>
    public Action? BeforeStep { get; set; }

    /// <summary>Sends whatever both associations have to send into the link.</summary>
    public void Flush()
    {
        Drain(A, fromA: true);
        Drain(B, fromA: false);
    }

    private void Drain(SctpAssociation association, bool fromA)
    {
        while (association.TryPollTransmit(_scratch, Now, out int length))
        {
            Transmit(fromA, _scratch.AsSpan(0, length));
        }
    }

    private void Transmit(bool fromA, ReadOnlySpan<byte> packet)
    {
        SimulatedLinkOptions link = fromA ? _aToB : _bToA;
        if (Filter is { } filter)
        {
            byte[] copy = packet.ToArray();
            if (!filter(fromA, copy))
            {
                PacketsDropped++;
                return;
            }

            packet = copy;
        }

        if (link.Loss > 0 && _random.NextDouble() < link.Loss)
        {
            PacketsDropped++;
            return;
        }

        TimeSpan departure = Now;
        if (link.BitsPerSecond > 0)
        {
            ref TimeSpan freeAt = ref fromA ? ref _linkFreeAtAToB : ref _linkFreeAtBToA;
            TimeSpan start = freeAt > Now ? freeAt : Now;
            double queuedBits = (start - Now).TotalSeconds * link.BitsPerSecond;
            if (queuedBits / 8 > link.QueueBytes)
            {
                PacketsDropped++;
                return;
            }

            departure = start + TimeSpan.FromSeconds(packet.Length * 8 / link.BitsPerSecond);
            freeAt = departure;
        }

        TimeSpan arrival = departure + link.Delay;
        if (link.Reordering > 0 && _random.NextDouble() < link.Reordering)
        {
            arrival += link.ReorderDelay * _random.NextDouble();
        }

        Schedule(fromA, packet, arrival);
        if (link.Duplication > 0 && _random.NextDouble() < link.Duplication)
        {
            PacketsDuplicated++;
            Schedule(fromA, packet, arrival + (link.ReorderDelay * _random.NextDouble()));
        }
    }

    private void Schedule(bool fromA, ReadOnlySpan<byte> packet, TimeSpan at)
    {
        byte[] copy = _pool.Rent(packet.Length);
        packet.CopyTo(copy);
        _events.Enqueue(new Delivery(copy, packet.Length, !fromA), (at.Ticks, _seq++));
    }

    /// <summary>Advances to the next event (packet arrival or timer). False when nothing is left to happen before <paramref name="limit"/>.</summary>
    public bool Step(TimeSpan limit)
    {
        BeforeStep?.Invoke();
        Flush();
        TimeSpan next = A.NextTimeout < B.NextTimeout ? A.NextTimeout : B.NextTimeout;
        if (_events.TryPeek(out _, out (long Ticks, long Seq) head) && head.Ticks < next.Ticks)
        {
            next = TimeSpan.FromTicks(head.Ticks);
        }

        if (next == TimeSpan.MaxValue || next > limit)
        {
            return false;
        }

        bool packetDue = _events.TryPeek(out _, out (long Ticks, long Seq) first) && first.Ticks <= next.Ticks;
        if (next > Now)
        {
            Now = next;
            _stepsAtSameTime = 0;
        }
        else if (!packetDue && ++_stepsAtSameTime > 100_000)
        {
            // Only timers, at the same instant, again and again: a timer that stays due would spin forever.
            throw new InvalidOperationException($"No progress at simulated time {Now}: a timer stays due.");
        }

        while (_events.TryPeek(out Delivery d, out (long Ticks, long Seq) at) && at.Ticks <= Now.Ticks)
        {
            _events.Dequeue();
            PacketsDelivered++;
            (d.ToA ? A : B).HandlePacket(d.Buffer.AsSpan(0, d.Length), Now);
            _pool.Return(d.Buffer);
            Flush();
        }

        if (A.NextTimeout <= Now)
        {
            A.HandleTimeout(Now);
        }

        if (B.NextTimeout <= Now)
        {
            B.HandleTimeout(Now);
        }

        Flush();
        return true;
    }

    /// <summary>Steps until <paramref name="done"/> holds (true) or nothing is left / the limit passes (false).</summary>
    public bool RunUntil(Func<bool> done, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(done);
        while (!done())
        {
            if (!Step(limit))
            {
                return done();
            }
        }

        return true;
    }

    /// <summary>Packets still on the wire.</summary>
    public int InFlight => _events.Count;

    private readonly record struct Delivery(byte[] Buffer, int Length, bool ToA);
}
