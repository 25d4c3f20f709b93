using System.Collections.Concurrent;
using System.Diagnostics;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Ice.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>
/// Two DtlsTransports over an in-memory pair, owned by one RtcThread, on a fake clock. "A" sits on the pair's first
/// end, "B" on the second. Received application data is collected per side.
/// </summary>
internal sealed class DtlsTestPair : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private DtlsTestPair(FakeTimeProvider time, RtcThread owner, PacketTransportPair pair, JingleEnvironment env)
    {
        Time = time;
        Owner = owner;
        Pair = pair;
        Environment = env;
    }

    public FakeTimeProvider Time { get; }

    public RtcThread Owner { get; }

    public PacketTransportPair Pair { get; }

    public JingleEnvironment Environment { get; }

    public RtcCertificate CertificateA { get; private set; } = null!;

    public RtcCertificate CertificateB { get; private set; } = null!;

    public DtlsTransport A { get; private set; } = null!;

    public DtlsTransport B { get; private set; } = null!;

    public ConcurrentQueue<byte[]> ReceivedByA { get; } = new();

    public ConcurrentQueue<byte[]> ReceivedByB { get; } = new();

    public static async Task<DtlsTestPair> CreateAsync(
        Func<RtcCertificate, DtlsTransportOptions>? optionsA = null,
        Func<RtcCertificate, DtlsTransportOptions>? optionsB = null,
        bool initiallyWritable = true,
        Func<IPacketTransport, IPacketTransport>? wrapA = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var owner = new RtcThread("dtls-test-owner", time);
        var pair = new PacketTransportPair(new PacketTransportPairOptions { TimeProvider = time, InitiallyWritable = initiallyWritable });
        var env = new JingleEnvironment(time, NullLoggerFactory.Instance, RandomSource.CreateSeeded(1),
            new SocketFactory(time, NullLoggerFactory.Instance), new NetworkManager());
        var result = new DtlsTestPair(time, owner, pair, env)
        {
            CertificateA = RtcCertificate.Generate(time: time),
            CertificateB = RtcCertificate.Generate(time: time),
        };
        await owner.InvokeAsync(() =>
        {
            DtlsTransportOptions a = optionsA?.Invoke(result.CertificateA) ?? new DtlsTransportOptions { Certificate = result.CertificateA };
            DtlsTransportOptions b = optionsB?.Invoke(result.CertificateB) ?? new DtlsTransportOptions { Certificate = result.CertificateB };
            result.A = new DtlsTransport(env, wrapA?.Invoke(pair.First) ?? pair.First, WithOwner(a, owner));
            result.B = new DtlsTransport(env, pair.Second, WithOwner(b, owner));
            result.A.PacketReceived += (_, p, _) => result.ReceivedByA.Enqueue(p.ToArray());
            result.B.PacketReceived += (_, p, _) => result.ReceivedByB.Enqueue(p.ToArray());
        });
        return result;
    }

    private static DtlsTransportOptions WithOwner(DtlsTransportOptions o, RtcThread owner) => new()
    {
        Certificate = o.Certificate,
        OwnerThread = owner,
        SrtpProfiles = o.SrtpProfiles,
        RequireSrtp = o.RequireSrtp,
        InitialRetransmitTimeout = o.InitialRetransmitTimeout,
        HandshakeTimeout = o.HandshakeTimeout,
        Mtu = o.Mtu,
        MaxReceiveDatagramSize = o.MaxReceiveDatagramSize,
        ReceiveQueueCapacity = o.ReceiveQueueCapacity,
        PendingSendCapacity = o.PendingSendCapacity,
        UseBouncyCastleRecordCipher = o.UseBouncyCastleRecordCipher,
        DisableRecordFastPath = o.DisableRecordFastPath,
        DeliveryQueueCapacity = o.DeliveryQueueCapacity,
        UseBouncyCastleHandshakeCrypto = o.UseBouncyCastleHandshakeCrypto,
        SupportedGroups = o.SupportedGroups,
    };

    public Task StartAAsync(DtlsRole role, RtcCertificateFingerprint? remote = null) =>
        Owner.InvokeAsync(() => A.Start(role, remote ?? CertificateB.GetFingerprint()));

    public Task StartBAsync(DtlsRole role, RtcCertificateFingerprint? remote = null) =>
        Owner.InvokeAsync(() => B.Start(role, remote ?? CertificateA.GetFingerprint()));

    public async Task StartBothAsync(DtlsRole roleOfA)
    {
        await StartAAsync(roleOfA);
        await StartBAsync(roleOfA == DtlsRole.Client ? DtlsRole.Server : DtlsRole.Client);
    }

    /// <summary>Waits (real time) until <paramref name="condition"/> holds; fails with <paramref name="what"/> if it never does.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (timeout ?? Timeout))
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(2);
        }
    }

    public Task WaitForStatesAsync(DtlsTransportState a, DtlsTransportState b) =>
        WaitUntilAsync(() => A.State == a && B.State == b, $"A {a} and B {b} (now A {A.State} {A.Error}, B {B.State} {B.Error})");

    /// <summary>Advances the fake clock in steps (with short real pauses for the DTLS threads) until the condition holds.</summary>
    public async Task PumpUntilAsync(Func<bool> condition, TimeSpan step, TimeSpan maxFakeTime, string what)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan advanced = TimeSpan.Zero;
        while (!condition())
        {
            if (advanced > maxFakeTime || clock.Elapsed > Timeout)
            {
                Assert.Fail($"{what} did not happen within {advanced} of fake time (A {A.State} {A.Error}, B {B.State} {B.Error}).");
            }

            await Task.Delay(5);
            Time.Advance(step);
            advanced += step;
        }
    }

    /// <summary>Starts both (A in <paramref name="roleOfA"/>) and waits until both are connected.</summary>
    public async Task ConnectAsync(DtlsRole roleOfA)
    {
        await StartBothAsync(roleOfA);
        await WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
    }

    /// <summary>Sends from A while A's outgoing datagrams are captured instead of delivered.</summary>
    public async Task<byte[][]> CaptureFromAAsync(byte[][] payloads)
    {
        var captured = new List<byte[]>();
        return await Owner.InvokeAsync(() =>
        {
            Pair.First.DropFilter = p =>
            {
                captured.Add(p.ToArray());
                return true;
            };
            foreach (byte[] payload in payloads)
            {
                Assert.True(A.Send(payload));
            }

            Pair.First.DropFilter = null;
            return captured.ToArray();
        });
    }

    public async Task<byte[]> CaptureFromAAsync(byte[] payload) => Assert.Single(await CaptureFromAAsync([payload]));

    /// <summary>Delivers datagrams to B as if A had sent them (inline, on the owner's thread).</summary>
    public Task InjectIntoBAsync(params byte[][] datagrams) => Owner.InvokeAsync(() =>
    {
        foreach (byte[] d in datagrams)
        {
            Assert.True(Pair.First.Send(d));
        }
    });

    public Task<bool> SendFromAAsync(byte[] data) => Owner.InvokeAsync(() => A.Send(data));

    public Task<bool> SendFromBAsync(byte[] data) => Owner.InvokeAsync(() => B.Send(data));

    public async ValueTask DisposeAsync()
    {
        await Owner.InvokeAsync(async () =>
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        });
        await Owner.DisposeAsync();
        CertificateA.Dispose();
        CertificateB.Dispose();
    }
}
