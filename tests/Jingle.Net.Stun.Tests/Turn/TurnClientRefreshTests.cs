using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Stun.Client;
using Jingle.Net.Stun.Turn;
using Jingle.Net.Stun.Turn.Server;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Stun.Tests.Turn;

/// <summary>The client's refresh timer runs on the injected clock: a fake clock drives permission and allocation refreshes.</summary>
public sealed class TurnClientRefreshTests
{
    [Fact]
    public async Task FakeClock_DrivesPermissionChannelAndAllocationRefreshes()
    {
        JingleEnvironment real = JingleEnvironment.CreateDefault();
        await using TurnServer server = TurnServer.Start(real, new TurnServerOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Realm = "jingle.test",
            Users = new Dictionary<string, string> { ["dave"] = "dave-pass" },
            AllowLoopbackPeers = true,
            MinRelayPort = 0,
            MaxRelayPort = 0,
        });
        var clock = new FakeTimeProvider();
        var env = new JingleEnvironment(clock, NullLoggerFactory.Instance, RandomSource.CreateSeeded(7),
            new SocketFactory(clock), new NetworkManager());
        await using TurnClient turn = await TurnClient.AllocateAsync(env, server.LocalEndPoint, new TurnClientOptions
        {
            Username = "dave",
            Password = "dave-pass",
            RequestedLifetime = TimeSpan.FromMinutes(6),
            Connection = new StunClientOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) },
        }, TestContext.Current.CancellationToken);
        await turn.CreatePermissionAsync(IPAddress.Loopback, TestContext.Current.CancellationToken);
        await turn.BindChannelAsync(new IPEndPoint(IPAddress.Loopback, 9), TestContext.Current.CancellationToken);
        TurnException? lost = null;
        turn.AllocationLost += (_, e) => lost = e;

        // At 4 min the permission is within the 1-minute margin of its 5-minute lifetime; at 5 min the 6-minute allocation is.
        for (int step = 0; step < 5 * 60 / 5 + 2; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await WaitIdleAsync();
        }

        Assert.Null(lost);
        Assert.True(turn.AutomaticRefreshes >= 2, $"refreshes: {turn.AutomaticRefreshes}");
        Assert.Equal(1, server.AllocationCount);
    }

    private static async Task WaitIdleAsync()
    {
        // Refreshes run over real loopback sockets; give each a moment of real time.
        await Task.Delay(5);
    }
}
