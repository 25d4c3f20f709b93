using System.Buffers;
using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Stun.Framing;

namespace Jingle.Net.Ice.Ports;

/// <summary>
/// TurnPort over TCP (RFC 8656 §3.1, for networks that block UDP): one connection to the server, opened through the
/// environment's socket factory when gathering starts; requests, indications and padded ChannelData are written on it,
/// and what comes back is split into frames (<see cref="StunStreamFramer"/>) and handed to the same receive path as
/// UDP datagrams, on the channel's worker thread. The port has no async state of its own: every continuation ends in
/// <see cref="OnWorker"/>, so on the VirtualNetwork with a fake clock (where virtual TCP completes inline in the
/// network's timer) an allocation over TCP runs synchronously and deterministically. A connection that fails or
/// closes before the allocation ends gathering on this port; one that closes later stops the relay.
/// </summary>
internal sealed partial class TurnPort
{
    private ITcpSocket? _tcp;
    private bool _streamClosed;

    /// <summary>True for TURN over TCP (a stream to the server) rather than UDP.</summary>
    private bool IsStream => _socket is null;

    /// <summary>Frames the server's stream could not be split into (the connection is closed then).</summary>
    public long MalformedStreamFrames { get; private set; }

    private bool SendToServer(ReadOnlySpan<byte> bytes)
    {
        if (_socket is not null)
        {
            return _socket.SendTo(bytes, _server.Address);
        }

        ITcpSocket? tcp = _tcp;
        if (tcp is null || _streamClosed)
        {
            return false;
        }

        try
        {
            tcp.Stream.Write(bytes);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private void StartConnect() => _ = ConnectAsync();

    private async Task ConnectAsync()
    {
        ITcpSocket tcp;
        try
        {
            tcp = await _env.SocketFactory.ConnectTcpAsync(_server.Address, new IPEndPoint(_localAddress, 0)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or ObjectDisposedException or InvalidOperationException
            or OperationCanceledException or ArgumentException)
        {
            OnWorker(() => Fail("TCP connect failed: " + e.Message));
            return;
        }

        OnWorker(() => OnConnected(tcp));
    }

    private void OnConnected(ITcpSocket tcp)
    {
        if (IsDisposed)
        {
            tcp.Dispose();
            return;
        }

        _tcp = tcp;
        _ = ReadLoopAsync(tcp);
        SendAllocate();
    }

    /// <summary>Reads the server's stream until it ends; runs where the socket completes reads (the network's timer on the VirtualNetwork).</summary>
    private async Task ReadLoopAsync(ITcpSocket tcp)
    {
        var framer = new StunStreamFramer();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        string reason = "closed by the server";
        try
        {
            while (true)
            {
                int read = await tcp.Stream.ReadAsync(buffer).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (!framer.Feed(buffer.AsSpan(0, read), this, static (self, frame) => self.OnStreamFrame(frame)))
                {
                    reason = "garbage on the stream";
                    OnWorker(() => MalformedStreamFrames++);
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            reason = e.Message;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        OnWorker(() => OnStreamClosed(tcp, reason));
    }

    private void OnStreamFrame(ReadOnlySpan<byte> frame)
    {
        long timestamp = _env.TimeProvider.GetTimestamp();
        if (_scheduler.Thread is null)
        {
            if (!IsDisposed)
            {
                OnServerPacket(frame, _server.Address, timestamp);
            }

            return;
        }

        byte[] copy = ArrayPool<byte>.Shared.Rent(frame.Length);
        frame.CopyTo(copy);
        int length = frame.Length;
        _scheduler.Thread.Post(() =>
        {
            try
            {
                if (!IsDisposed)
                {
                    OnServerPacket(copy.AsSpan(0, length), _server.Address, timestamp);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        });
    }

    private void OnStreamClosed(ITcpSocket tcp, string reason)
    {
        if (IsDisposed || _tcp != tcp)
        {
            return;
        }

        _streamClosed = true;
        tcp.Dispose();
        if (RelayedAddress is null)
        {
            Fail("TCP connection ended: " + reason);
            return;
        }

        IceLog.TurnStreamClosed(_logger, this, _server.ToString(), reason);
        RelayedAddress = null; // SendTo fails from now on; the pairs on this relay fail their checks
    }

    private void CloseStream()
    {
        ITcpSocket? tcp = _tcp;
        _tcp = null;
        _streamClosed = true;
        tcp?.Dispose();
    }

    /// <summary>Runs <paramref name="action"/> on the worker thread, or inline for single-threaded drivers (fake clock).</summary>
    private void OnWorker(Action action)
    {
        if (_scheduler.Thread is { } thread)
        {
            thread.Post(action);
        }
        else
        {
            action();
        }
    }
}
