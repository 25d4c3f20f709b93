using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Mdns;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Ice.Tests.Mdns;

/// <summary>
/// The default resolver on the VirtualNetwork with a fake clock: a fake responder sits at 224.0.0.251:5353 (the
/// virtual network routes the group address to it like a unicast host) and answers one-shot queries by unicast.
/// </summary>
public sealed class MdnsResolverTests : IDisposable
{
    private static readonly IPAddress PeerAddress = IPAddress.Parse("203.0.113.50");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly VirtualNetwork _network;
    private readonly VirtualHost _querier;
    private readonly IUdpSocket _responderSocket;
    private readonly Dictionary<string, (IPAddress Address, uint Ttl)> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<DnsMessage> _queries = [];

    public MdnsResolverTests()
    {
        _network = new VirtualNetwork(_time, seed: 3);
        _querier = _network.AddHost("querier", IPAddress.Parse("203.0.113.10"));
        VirtualHost responder = _network.AddHost("responder", MdnsResolverOptions.IPv4Group.Address);
        _responderSocket = responder.BindUdp(MdnsResolverOptions.IPv4Group);
        _responderSocket.Start(OnQuery);
    }

    /// <summary>When set, the responder sends these bytes instead of a proper answer.</summary>
    private byte[]? Garbage { get; set; }

    [Fact]
    public async Task Resolve_AnsweredByUnicast_CompletesInsideAdvance_AndIsCached()
    {
        _records["peer-1.local"] = (PeerAddress, 120);
        using var resolver = new MdnsResolver(_querier.CreateEnvironment());

        ValueTask<IPAddress?> pending = resolver.ResolveAsync("peer-1.local");
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1)); // query reaches the responder
        _time.Advance(TimeSpan.FromMilliseconds(1)); // answer comes back

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal(PeerAddress, await pending);
        DnsMessage query = Assert.Single(_queries);
        Assert.False(query.IsResponse);
        Assert.Equal([("peer-1.local", DnsRecordType.A), ("peer-1.local", DnsRecordType.Aaaa)], query.Questions.Select(q => (q.Name, q.Type)));

        // Cached: answered at once, no second query; case-insensitive.
        ValueTask<IPAddress?> again = resolver.ResolveAsync("PEER-1.local");
        Assert.True(again.IsCompletedSuccessfully);
        Assert.Equal(PeerAddress, await again);
        Assert.Single(_queries);
        Assert.Equal(1, resolver.QueriesSent);
    }

    [Fact]
    public async Task Resolve_CacheEntryExpiresWithTheTtl_ThenQueriesAgain()
    {
        _records["peer-2.local"] = (PeerAddress, 5);
        using var resolver = new MdnsResolver(_querier.CreateEnvironment());
        ValueTask<IPAddress?> first = resolver.ResolveAsync("peer-2.local");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(PeerAddress, await first);

        _time.Advance(TimeSpan.FromSeconds(6));
        ValueTask<IPAddress?> second = resolver.ResolveAsync("peer-2.local");
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(PeerAddress, await second);
        Assert.Equal(2, _queries.Count);
    }

    [Fact]
    public async Task Resolve_NoAnswer_IsNullAfterTheTimeoutOnTheInjectedClock()
    {
        using var resolver = new MdnsResolver(_querier.CreateEnvironment());
        ValueTask<IPAddress?> pending = resolver.ResolveAsync("nobody.local");
        ValueTask<IPAddress?> shared = resolver.ResolveAsync("nobody.local");

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(pending.IsCompletedSuccessfully && shared.IsCompletedSuccessfully);
        Assert.Null(await pending);
        Assert.Null(await shared);
        Assert.Equal(1, resolver.QueriesSent); // the same name in flight shares one query
    }

    [Fact]
    public async Task Resolve_GarbageFromTheNetwork_IsDroppedAndCounted_ThenTimesOut()
    {
        Garbage = [0xDE, 0xAD, 0xBE, 0xEF, 1, 2, 3];
        using var resolver = new MdnsResolver(_querier.CreateEnvironment());
        ValueTask<IPAddress?> pending = resolver.ResolveAsync("peer-3.local");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, resolver.MalformedPackets);
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await pending);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("example.com")]
    [InlineData(".local")]
    [InlineData("")]
    public async Task Resolve_NotAnMdnsName_IsNullWithoutAQuery(string name)
    {
        using var resolver = new MdnsResolver(_querier.CreateEnvironment());
        Assert.Null(await resolver.ResolveAsync(name));
        Assert.Equal(0, resolver.QueriesSent);
        Assert.Empty(_queries);
    }

    [Fact]
    public async Task Dispose_CompletesPendingLookupsWithNull()
    {
        var resolver = new MdnsResolver(_querier.CreateEnvironment());
        ValueTask<IPAddress?> pending = resolver.ResolveAsync("peer-4.local");
        resolver.Dispose();
        Assert.Null(await pending);
        Assert.Null(await resolver.ResolveAsync("peer-4.local"));
    }

    public void Dispose()
    {
        _responderSocket.Dispose();
        _network.Dispose();
    }

    private void OnQuery(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint from, long timestamp)
    {
        if (!DnsMessage.TryParse(packet, out DnsMessage? query) || query!.IsResponse)
        {
            return;
        }

        _queries.Add(query);
        if (Garbage is { } garbage)
        {
            socket.SendTo(garbage, from);
            return;
        }

        var answers = query.Questions
            .Where(q => q.Type == DnsRecordType.A && _records.ContainsKey(q.Name))
            .Select(q => DnsResourceRecord.ForAddress(q.Name, _records[q.Name].Address, _records[q.Name].Ttl))
            .ToArray();
        if (answers.Length == 0)
        {
            return; // mDNS responders stay silent when they have nothing
        }

        // RFC 6762 §6.7: a unicast reply to a one-shot query repeats the id and the question.
        var response = new DnsMessage
        {
            Id = query.Id,
            Flags = DnsMessage.ResponseFlag | DnsMessage.AuthoritativeFlag,
            Questions = query.Questions,
            Answers = answers,
        };
        byte[] buffer = new byte[response.GetSerializedLength()];
        Assert.True(response.TryWrite(buffer, out int written));
        socket.SendTo(buffer.AsSpan(0, written), from);
    }
}
