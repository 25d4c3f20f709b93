using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Xmpp.Sasl;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp;

public sealed partial class XmppClient : IXmppEngineOutput
{
    private ITcpSocket? _socket;
    private Stream? _stream;
    private SslStream? _ssl;
    private ArrayBufferWriter<byte> _pendingWrites = new(4096);
    private ArrayBufferWriter<byte> _spareWrites = new(4096);
    private Task _flushTask = Task.CompletedTask;
    private bool _flushing;
    private bool _tlsRequested;
    private bool _closeRequested;
    private Task? _closedTask;
    private TaskCompletionSource? _closed;
    private IDisposable? _keepaliveTimer;
    private IDisposable? _reconnectTimer;
    private int _reconnectAttempts;
    private int _generation;
    private string? _lastFailure;

    /// <summary>Cuts the TCP connection without closing the stream, as a network failure would (for tests).</summary>
    internal Task AbortConnectionAsync() => _thread.InvokeAsync(() =>
    {
        _socket?.Dispose();
    });

    private void StartConnection()
    {
        _thread.DebugAssertCurrent();
        XmppEngine? old = _engine;
        var engine = new XmppEngine(_env, _options.ToEngineSettings(), this, _thread);
        if (old is not null)
        {
            old.StateChanged -= OnEngineStateChanged;
            StreamManagementState previous = old.StreamManagement;
            if (previous.ResumptionId is not null)
            {
                // XEP-0198 resumption: the new engine resends what the server did not acknowledge.
                _smState = previous;
                _outbox.InsertRange(0, old.QueuedStanzas);
            }
            else
            {
                // Without a resumable session, what was never acknowledged is resent on the new stream.
                _outbox.InsertRange(0, old.TakeUndelivered());
            }

            old.Dispose();
        }

        if (_smState is not null)
        {
            engine.StreamManagement = _smState;
            _smState = null;
        }

        for (int level = 0; level <= (int)XmppHandlerLevel.All; level++)
        {
            engine.AddStanzaHandler(new LevelForwarder(this, (XmppHandlerLevel)level), (XmppHandlerLevel)level);
        }

        engine.StateChanged += OnEngineStateChanged;
        _engine = engine;
        foreach (XmppElement stanza in _outbox)
        {
            engine.Send(stanza);
        }

        _outbox.Clear();
        _closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _closedTask = _closed.Task;
        _ = RunConnectionAsync(engine);
    }

    private async Task RunConnectionAsync(XmppEngine engine)
    {
        _tlsRequested = false;
        _closeRequested = false;
        _ssl = null;
        _stream = null;
        int generation = ++_generation;
        _pendingWrites.ResetWrittenCount();
        _spareWrites.ResetWrittenCount();
        _flushing = false;
        _flushTask = Task.CompletedTask;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            (string host, int port) = await ResolveServerAsync();
            IPAddress address = IPAddress.TryParse(host, out IPAddress? literal)
                ? literal
                : (await Dns.GetHostAddressesAsync(host)).OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).First();
            _socket = await _env.SocketFactory.ConnectTcpAsync(new IPEndPoint(address, port));
            _stream = _socket.Stream;
            TlsChannelBinding? binding = null;
            if (_options.TlsMode == XmppTlsMode.DirectTls)
            {
                binding = await StartTlsAsync();
            }

            engine.Connect(binding);
            while (engine.State != XmppEngineState.Closed)
            {
                int n = await _stream.ReadAsync(buffer);
                if (n == 0)
                {
                    break;
                }
                engine.HandleInput(buffer.AsSpan(0, n));
                if (_tlsRequested)
                {
                    _tlsRequested = false;
                    await _flushTask;
                    engine.OnTlsEstablished(await StartTlsAsync());
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            XmppLog.ConnectFailed(_logger, _options.Host ?? _options.Jid.Domain, ex.GetType().Name + ": " + ex.Message);
            _lastFailure = ex.Message;
            if (engine.State != XmppEngineState.Closed)
            {
                XmppErrorCode code = ex is AuthenticationException ? XmppErrorCode.Tls
                    : engine.State == XmppEngineState.Start ? XmppErrorCode.Socket : XmppErrorCode.ConnectionClosed;
                if (engine.State == XmppEngineState.Start)
                {
                    _firstOpen?.TrySetException(new XmppConnectionException(code, null, $"XMPP connection failed: {ex.Message}", ex));
                }

                engine.OnConnectionClosed(code);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (engine.State != XmppEngineState.Closed)
        {
            engine.OnConnectionClosed();
        }

        try
        {
            await _flushTask;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
        }

        if (generation == _generation)
        {
            _ssl?.Dispose();
            _socket?.Dispose();
            _closed?.TrySetResult();
        }
    }

    private async Task<(string Host, int Port)> ResolveServerAsync()
    {
        int defaultPort = _options.TlsMode == XmppTlsMode.DirectTls ? 5223 : 5222;
        if (_options.Host is { } host)
        {
            return (host, _options.Port == 0 ? defaultPort : _options.Port);
        }

        string service = _options.TlsMode == XmppTlsMode.DirectTls ? "_xmpps-client._tcp." : "_xmpp-client._tcp.";
        IPEndPoint? dns = _options.DnsServer ?? DnsSrvResolver.SystemDnsServer();
        if (dns is not null)
        {
            var resolver = new DnsSrvResolver(_env);
            IReadOnlyList<SrvRecord> records = await resolver.QueryAsync(service + _options.Jid.Domain, dns, TimeSpan.FromSeconds(5));
            if (records.Count > 0)
            {
                return (records[0].Target, records[0].Port);
            }
        }

        return (_options.Jid.Domain, _options.Port == 0 ? defaultPort : _options.Port);
    }

    private async Task<TlsChannelBinding?> StartTlsAsync()
    {
        var ssl = new SslStream(_stream!, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = _options.Jid.Domain,
            RemoteCertificateValidationCallback = ValidateServerCertificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        });
        _ssl = ssl;
        _stream = ssl;
        return XmppTls.GetServerEndPointBinding(ssl);
    }

    void IXmppEngineOutput.WriteOutput(ReadOnlySpan<byte> data)
    {
        _pendingWrites.Write(data);
        if (!_flushing)
        {
            _flushing = true;
            _flushTask = FlushAsync(_generation);
        }
    }

    void IXmppEngineOutput.StartTls(string domain) => _tlsRequested = true;

    void IXmppEngineOutput.CloseConnection()
    {
        _closeRequested = true;
        if (!_flushing)
        {
            _socket?.Dispose();
        }
    }

    private async Task FlushAsync(int generation)
    {
        try
        {
            await Task.Yield(); // coalesce everything the engine writes in this turn into one TLS record
            while (generation == _generation && _pendingWrites.WrittenCount > 0 && _stream is { } stream)
            {
                (_pendingWrites, _spareWrites) = (_spareWrites, _pendingWrites);
                await stream.WriteAsync(_spareWrites.WrittenMemory);
                _spareWrites.ResetWrittenCount();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The connection is gone: nothing buffered for it may ever reach the next one.
            if (generation == _generation)
            {
                _pendingWrites.ResetWrittenCount();
                _spareWrites.ResetWrittenCount();
            }
        }
        finally
        {
            if (generation == _generation)
            {
                _flushing = false;
                if (_closeRequested)
                {
                    _socket?.Dispose();
                }
            }
        }
    }

    private void StartKeepalive()
    {
        _keepaliveTimer?.Dispose();
        if (_options.KeepaliveInterval <= TimeSpan.Zero)
        {
            return;
        }

        XmppEngine? engine = _engine;
        _keepaliveTimer = _thread.PostDelayed(_options.KeepaliveInterval, () =>
        {
            if (engine == _engine && engine!.State == XmppEngineState.Open)
            {
                if (engine.UnacknowledgedCount > 0)
                {
                    engine.RequestAck();
                }
                else
                {
                    engine.SendKeepalive();
                }

                StartKeepalive();
            }
        });
    }

    private void OnStreamClosed(XmppStateChangedEventArgs e)
    {
        _keepaliveTimer?.Dispose();
        bool retry = _options.AutoReconnect && !_stopping && !_disposed
            && e.Error is XmppErrorCode.ConnectionClosed or XmppErrorCode.Socket or XmppErrorCode.DocumentClosed
            && _firstOpen is { Task.IsCompletedSuccessfully: true };
        if (!retry)
        {
            return;
        }

        TimeSpan delay = ReconnectBackoff.Delay(_reconnectAttempts, _options.ReconnectMinDelay, _options.ReconnectMaxDelay, _env.Random);
        _reconnectAttempts++;
        XmppLog.ReconnectScheduled(_logger, delay);
        _reconnectTimer = _thread.PostDelayed(delay, () =>
        {
            if (!_stopping && !_disposed)
            {
                StartConnection();
            }
        });
    }

    private bool ValidateServerCertificate(object sender, System.Security.Cryptography.X509Certificates.X509Certificate? certificate,
        System.Security.Cryptography.X509Certificates.X509Chain? chain, SslPolicyErrors errors)
    {
        if (_options.CertificateValidation is { } custom)
        {
            return custom(sender, certificate, chain, errors);
        }

        if (_options.TrustedCertificates is { Count: > 0 } trusted)
        {
            return XmppTls.ValidateWithTrustAnchors(certificate, errors, trusted);
        }

        return errors == SslPolicyErrors.None;
    }
}
