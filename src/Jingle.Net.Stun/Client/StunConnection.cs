using System.Net;
using System.Net.Security;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Stun.Framing;
using Jingle.Net.Stun.Transactions;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Stun.Client;

/// <summary>
/// The socket driver under <see cref="StunClient"/> and the TURN client: one UDP socket, or one TCP/TLS stream, to a
/// server, created through the environment's <see cref="IPacketSocketFactory"/>. Responses go to the
/// <see cref="StunRequester"/>; everything else (indications, ChannelData, requests) to <see cref="PacketReceived"/>.
/// </summary>
public sealed class StunConnection : IAsyncDisposable
{
    private readonly IUdpSocket? _udp;
    private readonly ITcpSocket? _tcp;
    private readonly Stream? _stream;
    private readonly Lock _writeLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private Task _readLoop = Task.CompletedTask;
    private long _malformed;

    private StunConnection(JingleEnvironment environment, IPEndPoint server, StunClientOptions options, IUdpSocket? udp, ITcpSocket? tcp, Stream? stream)
    {
        Environment = environment;
        Server = server;
        Options = options;
        _udp = udp;
        _tcp = tcp;
        _stream = stream;
        _logger = environment.LoggerFactory.CreateLogger<StunConnection>();
        Requester = new StunRequester(environment.TimeProvider, udp is null, SendRequest, options.Retransmission, _logger);
    }

    /// <summary>Receives packets that are not responses: (packet, source). The span is valid only during the call.</summary>
    public delegate void PacketHandler(ReadOnlySpan<byte> packet, IPEndPoint source);

    /// <summary>The environment.</summary>
    public JingleEnvironment Environment { get; }

    /// <summary>The server.</summary>
    public IPEndPoint Server { get; }

    /// <summary>The options.</summary>
    public StunClientOptions Options { get; }

    /// <summary>Runs the client transactions.</summary>
    public StunRequester Requester { get; }

    /// <summary>UDP, TCP or TLS.</summary>
    public StunTransport Transport => Options.Transport;

    /// <summary>The local address of the socket.</summary>
    public IPEndPoint LocalEndPoint => _udp?.LocalEndPoint ?? _tcp!.LocalEndPoint;

    /// <summary>Packets that were neither STUN nor ChannelData, or broke the stream framing (dropped).</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformed);

    /// <summary>Non-response packets (set before sending the first request).</summary>
    public PacketHandler? PacketReceived { get; set; }

    /// <summary>Raised once when a TCP/TLS stream ends.</summary>
    public event EventHandler? Closed;

    /// <summary>Opens the socket (and the TCP connection and TLS handshake).</summary>
    public static async Task<StunConnection> OpenAsync(JingleEnvironment environment, IPEndPoint server, StunClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(server);
        options ??= new StunClientOptions();
        IPEndPoint local = options.LocalEndPoint ?? new IPEndPoint(server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        if (options.Transport == StunTransport.Udp)
        {
            IUdpSocket udp = environment.SocketFactory.BindUdp(local);
            var connection = new StunConnection(environment, server, options, udp, null, null);
            udp.Start((_, packet, remote, _) => connection.OnUdpPacket(packet, remote));
            return connection;
        }

        ITcpSocket tcp = await environment.SocketFactory.ConnectTcpAsync(server, options.LocalEndPoint, cancellationToken).ConfigureAwait(false);
        Stream stream = tcp.Stream;
        try
        {
            if (options.Transport == StunTransport.Tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false, options.TlsCertificateValidation);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = options.TlsTargetHost ?? server.Address.ToString(),
                }, cancellationToken).ConfigureAwait(false);
                stream = ssl;
            }
        }
        catch
        {
            await tcp.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var result = new StunConnection(environment, server, options, null, tcp, stream);
        // Started inline, not on the thread pool: it runs to its first pending read and then continues wherever the
        // stream completes reads (inside FakeTimeProvider.Advance on the VirtualNetwork, so fake time is deterministic).
        result._readLoop = result.ReadLoopAsync();
        return result;
    }

    /// <summary>Sends raw bytes (an indication, ChannelData) to the server, or over UDP to <paramref name="destination"/>.</summary>
    public bool Send(ReadOnlySpan<byte> packet, IPEndPoint? destination = null)
    {
        if (_udp is not null)
        {
            return _udp.SendTo(packet, destination ?? Server);
        }

        try
        {
            lock (_writeLock)
            {
                _stream!.Write(packet);
            }

            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private bool SendRequest(ReadOnlyMemory<byte> request, IPEndPoint? destination) => Send(request.Span, destination);

    internal void OnUdpPacket(ReadOnlySpan<byte> packet, IPEndPoint remote)
    {
        if (Requester.HandleIncoming(packet))
        {
            return;
        }

        PacketReceived?.Invoke(packet, remote);
    }

    private async Task ReadLoopAsync()
    {
        var framer = new StunStreamFramer();
        byte[] buffer = new byte[16 * 1024];
        string reason = "end of stream";
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int read = await _stream!.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (!framer.Feed(buffer.AsSpan(0, read), this, static (self, frame) => self.OnFrame(frame)))
                {
                    Interlocked.Increment(ref _malformed);
                    reason = "garbage on the stream";
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            reason = "closed";
        }
        catch (IOException e)
        {
            reason = e.Message;
        }
        catch (ObjectDisposedException)
        {
            reason = "closed";
        }

        StunLog.TcpConnectionClosed(_logger, Server, reason);
        Closed?.Invoke(this, EventArgs.Empty);
    }

    private void OnFrame(ReadOnlySpan<byte> frame)
    {
        if (Requester.HandleIncoming(frame))
        {
            return;
        }

        PacketReceived?.Invoke(frame, Server);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        Requester.Dispose();
        if (_udp is not null)
        {
            await _udp.DisposeAsync().ConfigureAwait(false);
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        if (_tcp is not null)
        {
            await _tcp.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
