using System.Buffers.Binary;
using System.Diagnostics;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>
/// A paced binary transfer through an echoing peer, with an order and integrity check: chunk <c>n</c> starts with
/// <c>n</c> (big-endian) and every later byte is a function of <c>n</c> and its offset, so a lost, duplicated,
/// reordered or corrupted chunk is caught where the echo arrives. At most <c>window</c> chunks are unanswered, and
/// the sender keeps to <c>bytesPerSecond</c> so the transfer lasts long enough to restart ICE under it. It runs until
/// <see cref="Stop"/> is called (and every sent chunk has come back) or until <c>maxChunks</c> were sent.
/// </summary>
internal sealed class SequencedEchoTransfer
{
    private readonly RtcDataChannel _channel;
    private readonly int _chunk;
    private readonly int _window;
    private readonly long _bytesPerSecond;
    private readonly int _maxChunks;
    private readonly SemaphoreSlim _credit;
    private readonly List<string> _errors = [];
    private volatile bool _stop;
    private int _sent;
    private int _echoed;

    public SequencedEchoTransfer(RtcDataChannel channel, int chunk, int window, long bytesPerSecond, int maxChunks)
    {
        _channel = channel;
        _chunk = chunk;
        _window = window;
        _bytesPerSecond = bytesPerSecond;
        _maxChunks = maxChunks;
        _credit = new SemaphoreSlim(window, window);
        channel.MessageReceived += OnEcho;
    }

    public int Sent => Volatile.Read(ref _sent);

    public int Echoed => Volatile.Read(ref _echoed);

    public long EchoedBytes => (long)Echoed * _chunk;

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>No new chunks after the current one; <see cref="RunAsync"/> ends once every sent chunk came back.</summary>
    public void Stop() => _stop = true;

    public async Task RunAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        byte[] buffer = new byte[_chunk];
        var clock = Stopwatch.StartNew();
        for (int n = 0; n < _maxChunks && !_stop; n++)
        {
            await _credit.WaitAsync(cts.Token);
            Fill(buffer, n);
            _channel.Send(buffer);
            Interlocked.Increment(ref _sent);
            double due = (double)(n + 1) * _chunk / _bytesPerSecond;
            double ahead = due - clock.Elapsed.TotalSeconds;
            if (ahead > 0.002)
            {
                await Task.Delay(TimeSpan.FromSeconds(ahead), cts.Token);
            }
        }

        for (int i = 0; i < _window; i++)
        {
            await _credit.WaitAsync(cts.Token);   // every credit back = every chunk echoed
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> chunks have come back.</summary>
    public async Task WhenEchoedAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Echoed < count)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{Echoed} of {count} chunks echoed; errors: {string.Join("; ", Errors)}");
            }

            await Task.Delay(10);
        }
    }

    private void OnEcho(object? sender, DataChannelMessageEventArgs m)
    {
        int expected = Echoed;
        string? error = m.IsText ? "a text message" : Check(m.Data, expected, _chunk);
        if (error is not null)
        {
            lock (_errors)
            {
                if (_errors.Count < 20)
                {
                    _errors.Add($"echo #{expected}: {error}");
                }
            }
        }

        Interlocked.Increment(ref _echoed);
        _credit.Release();
    }

    internal static void Fill(Span<byte> buffer, int n)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer, n);
        for (int i = 4; i < buffer.Length; i++)
        {
            buffer[i] = (byte)((n * 31) + (i * 7));
        }
    }

    internal static string? Check(ReadOnlySpan<byte> data, int expected, int chunk)
    {
        if (data.Length != chunk)
        {
            return $"{data.Length} bytes, expected {chunk}";
        }

        int n = BinaryPrimitives.ReadInt32BigEndian(data);
        if (n != expected)
        {
            return $"chunk {n} arrived where {expected} was due";
        }

        for (int i = 4; i < data.Length; i++)
        {
            if (data[i] != (byte)((n * 31) + (i * 7)))
            {
                return $"byte {i} corrupted";
            }
        }

        return null;
    }
}
