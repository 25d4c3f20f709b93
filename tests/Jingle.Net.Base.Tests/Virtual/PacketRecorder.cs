using System.Net;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Base.Tests.Virtual;

/// <summary>Records what a socket receives (thread-safe), for assertions.</summary>
internal sealed class PacketRecorder
{
    private readonly Lock _lock = new();
    private readonly List<(byte[] Payload, IPEndPoint From, long Timestamp)> _packets = [];

    public static PacketRecorder Start(IUdpSocket socket)
    {
        var recorder = new PacketRecorder();
        socket.Start(recorder.OnPacket);
        return recorder;
    }

    public int Count
    {
        get { lock (_lock) { return _packets.Count; } }
    }

    public IReadOnlyList<(byte[] Payload, IPEndPoint From, long Timestamp)> Packets
    {
        get { lock (_lock) { return [.. _packets]; } }
    }

    public IPEndPoint? LastFrom
    {
        get { lock (_lock) { return _packets.Count == 0 ? null : _packets[^1].From; } }
    }

    public void OnPacket(IUdpSocket socket, ReadOnlySpan<byte> packet, IPEndPoint remote, long timestamp)
    {
        lock (_lock)
        {
            _packets.Add((packet.ToArray(), remote, timestamp));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _packets.Clear();
        }
    }
}
