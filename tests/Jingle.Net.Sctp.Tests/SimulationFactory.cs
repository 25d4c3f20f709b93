using Jingle.Net.Base;
using Jingle.Net.Sctp.Simulation;

namespace Jingle.Net.Sctp.Tests;

internal static class SimulationFactory
{
    public static JingleEnvironment Environment(int seed) =>
        JingleEnvironment.CreateDefault() with { Random = RandomSource.CreateSeeded(seed) };

    public static SctpPairSimulation Create(RecordingHandler a, RecordingHandler b, SimulatedLinkOptions? link = null,
        int seed = 1, SctpOptions? options = null)
    {
        link ??= new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(10) };
        options ??= new SctpOptions();
        return new SctpPairSimulation(Environment(seed), options, a, options, b, link, link, seed);
    }

    public static SctpPairSimulation Connected(RecordingHandler a, RecordingHandler b, SimulatedLinkOptions? link = null,
        int seed = 1, SctpOptions? options = null)
    {
        SctpPairSimulation sim = Create(a, b, link, seed, options);
        sim.A.Connect(sim.Now);
        Assert.True(sim.RunUntil(() => a.Connected == 1 && b.Connected == 1, TimeSpan.FromSeconds(60)), "handshake did not complete");
        return sim;
    }
}
