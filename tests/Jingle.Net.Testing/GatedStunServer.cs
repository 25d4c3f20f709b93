using System.Net;
using System.Net.Sockets;
using Jingle.Net.Stun.Server;

namespace Jingle.Net.Testing;

/// <summary>
/// A STUN server on 127.0.0.1 (Jingle.Net's sans-I/O <see cref="StunServerCore"/> over a UdpClient) that holds every
/// Binding request until <see cref="Open"/>, then answers the held ones and all later ones, reporting the public
/// address <see cref="MappedAddress"/> (so that the server-reflexive candidate differs from the host one);
/// <see cref="Close"/> holds requests again. The tests use it to make a candidate arrive after a given moment (or not
/// before one), by an event rather than by timing.
/// </summary>
public sealed class GatedStunServer : IAsyncDisposable
{
    public static readonly IPAddress MappedAddress = IPAddress.Parse("203.0.113.7");

    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly StunServerCore _core;
    private readonly List<(byte[] Packet, IPEndPoint From)> _held = [];
    private readonly Task _loop;
    private bool _open;
    private int _heldCount;

    public GatedStunServer()
    {
        _core = new StunServerCore([(IPEndPoint)_udp.Client.LocalEndPoint!]);
        _loop = Task.Run(LoopAsync);
    }

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    /// <summary>Requests received while closed.</summary>
    public int Held
    {
        get { lock (_held) { return _heldCount; } }
    }

    /// <summary>Holds every request from now on, until the next <see cref="Open"/>.</summary>
    public void Close()
    {
        lock (_held)
        {
            _open = false;
        }
    }

    /// <summary>Answers what was held and everything from now on.</summary>
    public void Open()
    {
        (byte[], IPEndPoint)[] held;
        lock (_held)
        {
            _open = true;
            held = [.. _held];
            _held.Clear();
        }

        foreach ((byte[] packet, IPEndPoint from) in held)
        {
            Answer(packet, from);
        }
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            UdpReceiveResult received;
            try
            {
                received = await _udp.ReceiveAsync();
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return;
            }

            lock (_held)
            {
                if (!_open)
                {
                    _heldCount++;
                    _held.Add((received.Buffer, received.RemoteEndPoint));
                    continue;
                }
            }

            Answer(received.Buffer, received.RemoteEndPoint);
        }
    }

    private void Answer(byte[] packet, IPEndPoint from)
    {
        byte[] response = new byte[1500];
        int length = _core.Handle(packet, new IPEndPoint(MappedAddress, from.Port), 0, response, out _);
        if (length > 0)
        {
            try
            {
                _udp.Send(response, length, from);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _udp.Dispose();
        await _loop;
    }
}
