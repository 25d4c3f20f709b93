using System.Net;
using System.Net.Sockets;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice.Mdns;

/// <summary>
/// The default <see cref="IMdnsResolver"/>: a one-shot mDNS querier (RFC 6762 §5.1). It sends one query (questions A
/// and AAAA) from an ephemeral port of a UDP socket made by the environment's socket factory to 224.0.0.251:5353 (and
/// [ff02::fb]:5353 when an IPv6 socket can be bound); responders answer one-shot queries by unicast to that port. The
/// first A/AAAA record for the name in any section of a response resolves it; no answer within
/// <see cref="MdnsResolverOptions.Timeout"/> (on the injected clock) resolves it to null. Queries for the same name
/// share one pending lookup; answers are cached for their TTL (capped) in a small cache. Malformed packets are
/// dropped and counted. Thread-safe; dispose to close the sockets.
/// </summary>
public sealed class MdnsResolver : IMdnsResolver, IDisposable
{
    private static readonly DnsRecordType[] QueryTypes = [DnsRecordType.A, DnsRecordType.Aaaa];
    private readonly JingleEnvironment _environment;
    private readonly MdnsResolverOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (IPAddress Address, long Expires)> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<string> _cacheOrder = new();
    private readonly byte[] _sendBuffer = new byte[600];
    private IUdpSocket? _ipv4;
    private IUdpSocket? _ipv6;
    private bool _socketsOpened;
    private bool _disposed;
    private long _malformed;

    public MdnsResolver(JingleEnvironment environment, MdnsResolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
        _options = options ?? new MdnsResolverOptions();
        _logger = environment.LoggerFactory.CreateLogger("Jingle.Net.Ice.Mdns");
    }

    /// <summary>Packets that were not DNS responses we could parse: dropped.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformed);

    /// <summary>Queries sent (one per lookup that missed the cache and was not already pending).</summary>
    public long QueriesSent { get; private set; }

    /// <summary>True when <paramref name="host"/> is an mDNS name: ends in <c>.local</c> (a trailing dot allowed).</summary>
    public static bool IsMdnsName(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        string name = host.EndsWith('.') ? host[..^1] : host;
        return name.Length > ".local".Length && name.EndsWith(".local", StringComparison.OrdinalIgnoreCase) && DnsName.GetEncodedLength(name) > 0;
    }

    /// <inheritdoc />
    public ValueTask<IPAddress?> ResolveAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!IsMdnsName(name))
        {
            return ValueTask.FromResult<IPAddress?>(null);
        }

        string key = name.EndsWith('.') ? name[..^1] : name;
        Task<IPAddress?> task;
        lock (_lock)
        {
            if (_disposed)
            {
                return ValueTask.FromResult<IPAddress?>(null);
            }

            long now = _environment.TimeProvider.GetTimestamp();
            if (_cache.TryGetValue(key, out (IPAddress Address, long Expires) cached))
            {
                if (cached.Expires > now)
                {
                    return ValueTask.FromResult<IPAddress?>(cached.Address);
                }

                _cache.Remove(key);
            }

            if (!_pending.TryGetValue(key, out Pending? pending))
            {
                pending = new Pending(this, key);
                _pending.Add(key, pending);
                SendQueryLocked(key);
                pending.Timer = _environment.TimeProvider.CreateTimer(static s => ((Pending)s!).Owner.OnTimeout((Pending)s!), pending,
                    _options.Timeout, Timeout.InfiniteTimeSpan);
            }

            task = pending.Completion.Task;
        }

        return new ValueTask<IPAddress?>(cancellationToken.CanBeCanceled ? task.WaitAsync(cancellationToken) : task);
    }

    private void SendQueryLocked(string name)
    {
        OpenSocketsLocked();
        var query = DnsMessage.CreateQuery(0, name, QueryTypes); // RFC 6762 §18.1: id 0 in multicast queries
        if (!query.TryWrite(_sendBuffer, out int length))
        {
            return;
        }

        QueriesSent++;
        foreach (IPEndPoint destination in _options.Destinations)
        {
            IUdpSocket? socket = destination.AddressFamily == AddressFamily.InterNetworkV6 ? _ipv6 : _ipv4;
            if (socket is null)
            {
                continue;
            }

            try
            {
                if (socket.SendTo(_sendBuffer.AsSpan(0, length), destination))
                {
                    IceLog.MdnsQuerySent(_logger, name, destination);
                }
                else
                {
                    IceLog.MdnsSendFailed(_logger, name, destination, "not sent");
                }
            }
            catch (Exception e) when (e is SocketException or InvalidOperationException or ObjectDisposedException or ArgumentException)
            {
                IceLog.MdnsSendFailed(_logger, name, destination, e.Message);
            }
        }
    }

    private void OpenSocketsLocked()
    {
        if (_socketsOpened)
        {
            return;
        }

        _socketsOpened = true;
        _ipv4 = TryBind(IPAddress.Any);
        if (_options.Destinations.Any(d => d.AddressFamily == AddressFamily.InterNetworkV6))
        {
            _ipv6 = TryBind(IPAddress.IPv6Any);
        }
    }

    private IUdpSocket? TryBind(IPAddress any)
    {
        try
        {
            IUdpSocket socket = _environment.SocketFactory.BindUdp(new IPEndPoint(any, 0));
            socket.Start(OnPacket);
            return socket;
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            IceLog.MdnsSendFailed(_logger, "*", new IPEndPoint(any, 0), e.Message);
            return null;
        }
    }

    private void OnPacket(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp)
    {
        if (!DnsMessage.TryParse(packet, out DnsMessage? message) || !message!.IsResponse)
        {
            Interlocked.Increment(ref _malformed);
            IceLog.MdnsMalformed(_logger, remote);
            return;
        }

        List<(Pending Pending, IPAddress Address)>? resolved = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            foreach (DnsResourceRecord record in message.Answers.Concat(message.Additionals))
            {
                // A TTL of 0 is a goodbye (RFC 6762 §10.1): not an answer.
                if (record.Address is not { } address || record.Ttl == 0 || !_pending.Remove(record.Name, out Pending? pending))
                {
                    continue;
                }

                IceLog.MdnsAnswered(_logger, pending.Name, address, record.Ttl);
                CacheLocked(pending.Name, address, record.Ttl);
                (resolved ??= []).Add((pending, address));
            }
        }

        if (resolved is null)
        {
            return;
        }

        foreach ((Pending pending, IPAddress address) in resolved)
        {
            pending.Timer?.Dispose();
            pending.Completion.TrySetResult(address);
        }
    }

    private void CacheLocked(string name, IPAddress address, uint ttl)
    {
        if (_options.CacheCapacity <= 0)
        {
            return;
        }

        TimeSpan lifetime = TimeSpan.FromSeconds(ttl) < _options.MaxCacheTime ? TimeSpan.FromSeconds(ttl) : _options.MaxCacheTime;
        long expires = _environment.TimeProvider.GetTimestamp() + (long)(lifetime.TotalSeconds * _environment.TimeProvider.TimestampFrequency);
        if (!_cache.ContainsKey(name))
        {
            while (_cache.Count >= _options.CacheCapacity && _cacheOrder.TryDequeue(out string? oldest))
            {
                _cache.Remove(oldest);
            }

            _cacheOrder.Enqueue(name);
        }

        _cache[name] = (address, expires);
    }

    private void OnTimeout(Pending pending)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(pending.Name, out Pending? current) || current != pending)
            {
                return;
            }

            _pending.Remove(pending.Name);
        }

        IceLog.MdnsTimedOut(_logger, pending.Name, _options.Timeout);
        pending.Timer?.Dispose();
        pending.Completion.TrySetResult(null);
    }

    /// <summary>Closes the sockets; pending lookups complete with null.</summary>
    public void Dispose()
    {
        List<Pending> pending;
        IUdpSocket? ipv4, ipv6;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = [.. _pending.Values];
            _pending.Clear();
            (ipv4, ipv6) = (_ipv4, _ipv6);
            _ipv4 = _ipv6 = null;
        }

        foreach (Pending p in pending)
        {
            p.Timer?.Dispose();
            p.Completion.TrySetResult(null);
        }

        ipv4?.Dispose();
        ipv6?.Dispose();
    }

    /// <summary>One outstanding lookup; its completion resumes the awaiting code inline (where the answer or timeout arrived).</summary>
    private sealed class Pending(MdnsResolver owner, string name)
    {
        public MdnsResolver Owner { get; } = owner;

        public string Name { get; } = name;

        public TaskCompletionSource<IPAddress?> Completion { get; } = new();

        public ITimer? Timer { get; set; }
    }
}
