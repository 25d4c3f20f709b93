using Jingle.Net.Stun.Client;
using Jingle.Net.Stun.Turn;

namespace Jingle.Net.Stun.Tests.Turn;

/// <summary>
/// TURN over TCP on the VirtualNetwork with a fake clock: the client's read loop and its request completions run
/// inside <c>FakeTimeProvider.Advance</c>, so an allocation completes on fake time alone, at a fixed fake instant.
/// </summary>
public sealed class TurnOverTcpFakeTimeTests
{
    [Fact]
    public async Task TcpAllocation_CompletesOnFakeTimeAlone_AtTheSameInstantEveryRun()
    {
        TimeSpan? first = null;
        for (int run = 0; run < 2; run++)
        {
            await using var rig = new TurnVirtualRig();
            DateTimeOffset start = rig.Time.GetUtcNow();
            TurnClient turn = rig.Allocate(StunTransport.Tcp);
            TimeSpan took = rig.Time.GetUtcNow() - start;
            first ??= took;
            Assert.Equal(first, took);
            Assert.Equal(StunTransport.Tcp, turn.Connection.Transport);
            Assert.NotEqual(0, turn.RelayedAddress.Port);
            Assert.Equal(1, rig.Server.AllocationCount);

            rig.Run(turn.CreatePermissionAsync(System.Net.IPAddress.Parse("198.51.100.1")));
            rig.Run(turn.DisposeAsync().AsTask());
            Assert.Equal(0, rig.Server.AllocationCount);
        }
    }
}
