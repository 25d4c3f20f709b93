using System.Buffers;
using System.Net;
using System.Threading.Channels;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Ice.Ports;

/// <summary>
/// One TCP connection of a <see cref="TcpPort"/> (libwebrtc's TCPConnection socket half): an outgoing connection of an
/// active candidate or one accepted on the passive candidate's listening socket, carrying RFC 4571 framed packets
/// (RFC 6544 §3). Sends are framed on the worker into pooled buffers and queued (bounded); a writer task drains the
/// queue, coalescing frames into one write. The reader fills the stream's own buffer, hands it to the worker
/// (which deframes and delivers), and reads again only when the worker is done with it — TCP's flow control is the
/// back-pressure and no buffer is allocated per read. Socket completions never touch ICE state: everything is posted
/// to the port's worker.
/// </summary>
internal sealed class TcpPortStream
{
    /// <summary>Frames queued for the writer at most; a send beyond it fails (counted by the channel).</summary>
    public const int MaxQueuedFrames = 1024;

    private const int ReadBufferSize = 16 * 1024;
    private const int WriteBatchSize = 64 * 1024;
    private readonly TcpPort _port;
    private readonly System.Threading.Channels.Channel<Frame> _sendQueue = System.Threading.Channels.Channel.CreateBounded<Frame>(new BoundedChannelOptions(MaxQueuedFrames)
    {
        SingleReader = true,
        SingleWriter = true,
        AllowSynchronousContinuations = true, // the writer starts on the sending thread: no pool hop per packet, deterministic inline drivers
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly CancellationTokenSource _cts = new();
    private readonly byte[] _readBuffer = new byte[ReadBufferSize];
    private readonly SemaphoreSlim _readConsumed = new(0, 1);
    private readonly Rfc4571Deframer _deframer = new();
    private ITcpSocket? _socket;
    private int _readLength;
    private bool _closed;

    public TcpPortStream(TcpPort port, IPEndPoint remote, bool incoming)
    {
        _port = port;
        RemoteEndPoint = remote;
        Incoming = incoming;
    }

    /// <summary>The peer's transport address (the passive candidate, or the active peer's ephemeral address).</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Our side's address (the ephemeral one of an outgoing connection); null while connecting.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Accepted on the passive socket (true) or opened by the active candidate (false).</summary>
    public bool Incoming { get; }

    /// <summary>An authenticated check arrived on it (RFC 6544 §7.2): it now belongs to a connection.</summary>
    public bool Authenticated { get; set; }

    /// <summary>Frames on this stream that were not STUN while it was unauthenticated (dropped).</summary>
    public int MalformedFrames { get; set; }

    /// <summary>Closes an unauthenticated accepted stream that never sends a valid check.</summary>
    public IDisposable? AuthenticationTimer { get; set; }

    public bool IsClosed => _closed;

    /// <summary>Outgoing: connects from <paramref name="localAddress"/>; the queued frames go out once it is up.</summary>
    public void StartConnect(IPacketSocketFactory factory, IPAddress localAddress) => _ = ConnectAsync(factory, localAddress);

    /// <summary>Incoming: the accepted socket.</summary>
    public void StartAccepted(ITcpSocket socket)
    {
        _socket = socket;
        LocalEndPoint = socket.LocalEndPoint;
        _ = ReadLoopAsync(socket);
        _ = WriteLoopAsync(socket);
    }

    /// <summary>Frames <paramref name="packet"/> and queues it (worker thread). False when closed, too big or the queue is full.</summary>
    public bool Send(ReadOnlySpan<byte> packet)
    {
        if (_closed || packet.Length > Rfc4571Framing.MaxPacketSize)
        {
            return false;
        }

        int length = Rfc4571Framing.GetFramedLength(packet.Length);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        Rfc4571Framing.TryWriteFrame(packet, buffer, out _);
        if (!_sendQueue.Writer.TryWrite(new Frame(buffer, length)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return false;
        }

        return true;
    }

    /// <summary>Closes the socket and stops both loops (worker thread). Reports nothing back to the port.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        AuthenticationTimer?.Dispose();
        AuthenticationTimer = null;
        _sendQueue.Writer.TryComplete();
        _cts.Cancel();
        _socket?.Dispose(); // a reader waiting for the worker ends through the cancellation
        while (_sendQueue.Reader.TryRead(out Frame frame))
        {
            ArrayPool<byte>.Shared.Return(frame.Buffer);
        }
    }

    private async Task ConnectAsync(IPacketSocketFactory factory, IPAddress localAddress)
    {
        ITcpSocket socket;
        try
        {
            socket = await factory.ConnectTcpAsync(RemoteEndPoint, new IPEndPoint(localAddress, 0), _cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or OperationCanceledException or ObjectDisposedException
            or InvalidOperationException)
        {
            _port.Post(static s => s.Stream._port.OnStreamFailed(s.Stream, s.Reason), new Failure(this, "connect failed: " + e.Message));
            return;
        }

        _port.Post(static s => s.Stream.OnConnected(s.Socket), new Connected(this, socket));
    }

    private void OnConnected(ITcpSocket socket)
    {
        if (_closed)
        {
            socket.Dispose();
            return;
        }

        _socket = socket;
        LocalEndPoint = socket.LocalEndPoint;
        _port.OnStreamConnected(this);
        _ = ReadLoopAsync(socket);
        _ = WriteLoopAsync(socket);
    }

    private async Task ReadLoopAsync(ITcpSocket socket)
    {
        string reason = "closed by the peer";
        try
        {
            while (!_closed)
            {
                int n = await socket.Stream.ReadAsync(_readBuffer, _cts.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                _readLength = n;
                if (!_port.Post(static s => s.DeliverRead(), this))
                {
                    return; // the worker is gone
                }

                await _readConsumed.WaitAsync(_cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException or ObjectDisposedException)
        {
            reason = e.Message;
        }

        _port.Post(static s => s.Stream._port.OnStreamFailed(s.Stream, s.Reason), new Failure(this, reason));
    }

    /// <summary>Worker: deframes what the reader got, delivers every packet, then lets the reader continue.</summary>
    private void DeliverRead()
    {
        try
        {
            if (!_closed)
            {
                _deframer.Feed(_readBuffer.AsSpan(0, _readLength), this, static (stream, packet) => stream._port.OnFrame(stream, packet));
            }
        }
        finally
        {
            if (!_closed)
            {
                _readConsumed.Release();
            }
        }
    }

    private async Task WriteLoopAsync(ITcpSocket socket)
    {
        byte[] batch = ArrayPool<byte>.Shared.Rent(WriteBatchSize);
        string? failure = null;
        try
        {
            ChannelReader<Frame> reader = _sendQueue.Reader;
            while (await reader.WaitToReadAsync(_cts.Token).ConfigureAwait(false))
            {
                int used = 0;
                while (reader.TryPeek(out Frame next) && (used == 0 || used + next.Length <= batch.Length))
                {
                    reader.TryRead(out Frame frame);
                    if (frame.Length > batch.Length)
                    {
                        await socket.Stream.WriteAsync(frame.Buffer.AsMemory(0, frame.Length), _cts.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        frame.Buffer.AsSpan(0, frame.Length).CopyTo(batch.AsSpan(used));
                        used += frame.Length;
                    }

                    ArrayPool<byte>.Shared.Return(frame.Buffer);
                }

                if (used > 0)
                {
                    await socket.Stream.WriteAsync(batch.AsMemory(0, used), _cts.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException or ObjectDisposedException)
        {
            failure = e.Message;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(batch);
        }

        if (failure is not null)
        {
            _port.Post(static s => s.Stream._port.OnStreamFailed(s.Stream, s.Reason), new Failure(this, "write failed: " + failure));
        }
    }

    private readonly record struct Frame(byte[] Buffer, int Length);

    private sealed record Failure(TcpPortStream Stream, string Reason);

    private sealed record Connected(TcpPortStream Stream, ITcpSocket Socket);
}
