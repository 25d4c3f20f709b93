using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Stun.Client;
using Jingle.Net.Stun.Turn;
using Jingle.Net.Stun.Turn.Server;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Stun.Tests.Turn;

/// <summary>
/// Our TURN server and a client host on a VirtualNetwork driven by a FakeTimeProvider, with a forging UDP proxy in
/// between. Everything completes inside <c>Advance</c>: <see cref="Run{T}"/> fails if a task needs real time.
/// </summary>
internal sealed class TurnVirtualRig : IAsyncDisposable
{
    public const string Realm = "jingle.test";
    public const string Username = "dave";
    public const string Password = "dave-pass";

    private static readonly IPAddress ServerAddress = IPAddress.Parse("198.51.100.10");
    private static readonly IPAddress ProxyAddress = IPAddress.Parse("198.51.100.20");

    public TurnVirtualRig(TimeSpan? nonceLifetime = null)
    {
        Net = new VirtualNetwork(Time, seed: 5);
        VirtualHost serverHost = Net.AddHost("server", ServerAddress);
        VirtualHost proxyHost = Net.AddHost("proxy", ProxyAddress);
        ClientHost = Net.AddHost("client", IPAddress.Parse("198.51.100.1"));
        Server = TurnServer.Start(new JingleEnvironment(Time, NullLoggerFactory.Instance, RandomSource.CreateSeeded(1), serverHost, serverHost),
            new TurnServerOptions
            {
                Listen = new IPEndPoint(ServerAddress, 3478),
                Realm = Realm,
                Users = new Dictionary<string, string> { [Username] = Password },
                NonceLifetime = nonceLifetime ?? TimeSpan.FromMinutes(10),
            });
        Proxy = new ForgingTurnProxy(proxyHost, new IPEndPoint(ProxyAddress, 3478), new IPEndPoint(ServerAddress, 3478));
        ClientEnvironment = new JingleEnvironment(Time, NullLoggerFactory.Instance, RandomSource.CreateSeeded(2), ClientHost, ClientHost);
    }

    public FakeTimeProvider Time { get; } = new();

    public VirtualNetwork Net { get; }

    public VirtualHost ClientHost { get; }

    public TurnServer Server { get; }

    public ForgingTurnProxy Proxy { get; }

    public JingleEnvironment ClientEnvironment { get; }

    public IPEndPoint DirectServer => new(ServerAddress, 3478);

    private readonly List<TurnClient> _clients = [];

    /// <summary>
    /// Allocates on fake time (through the forging proxy over UDP, directly over TCP); the rig disposes the client,
    /// driving the clock, so a failing assertion does not leave a Refresh(0) waiting on a clock nobody advances.
    /// </summary>
    public TurnClient Allocate(StunTransport transport = StunTransport.Udp)
    {
        TurnClient client = Run(AllocateAsync(transport));
        _clients.Add(client);
        return client;
    }

    /// <summary>Allocates through the forging proxy (UDP) or directly over <paramref name="transport"/>.</summary>
    public Task<TurnClient> AllocateAsync(StunTransport transport = StunTransport.Udp) =>
        TurnClient.AllocateAsync(ClientEnvironment, transport == StunTransport.Udp ? Proxy.LocalEndPoint : DirectServer, new TurnClientOptions
        {
            Username = Username,
            Password = Password,
            Connection = new StunClientOptions { Transport = transport },
        }, TestContext.Current.CancellationToken);

    /// <summary>Advances fake time in 5 ms steps until <paramref name="task"/> completes (at most 10 s of fake time).</summary>
    public T Run<T>(Task<T> task)
    {
        Drive(task);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>As <see cref="Run{T}"/> for a task without a result.</summary>
    public void Run(Task task)
    {
        Drive(task);
        task.GetAwaiter().GetResult();
    }

    private void Drive(Task task)
    {
        for (int step = 0; step < 2000 && !task.IsCompleted; step++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(5));
        }

        Assert.True(task.IsCompleted, "the task did not complete on fake time alone");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (TurnClient client in _clients)
        {
            Run(client.DisposeAsync().AsTask());
        }

        Proxy.Dispose();
        Task stopping = Server.DisposeAsync().AsTask();
        Drive(stopping);
        await stopping;
        Net.Dispose();
    }
}
