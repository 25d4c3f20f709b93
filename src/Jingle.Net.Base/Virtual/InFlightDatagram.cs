using System.Buffers;
using System.Net;

namespace Jingle.Net.Base.Virtual;

/// <summary>A UDP datagram in flight. Owns a pooled buffer until delivered or dropped.</summary>
internal sealed class InFlightDatagram : ScheduledItem
{
    public InFlightDatagram(VirtualHost sender, byte[] buffer, int length, IPEndPoint source, IPEndPoint destination)
    {
        Pool = sender.Network.BufferPool;
        Sender = sender;
        Buffer = buffer;
        Length = length;
        Source = source;
        Destination = destination;
    }

    public VirtualHost Sender { get; }

    /// <summary>Where <see cref="Buffer"/> came from and goes back to.</summary>
    public ArrayPool<byte> Pool { get; }

    public byte[] Buffer { get; private set; }

    public int Length { get; }

    /// <summary>Source as seen at this point (translated once the packet has crossed a NAT).</summary>
    public IPEndPoint Source { get; set; }

    /// <summary>Destination as seen at this point (translated once the packet has crossed a NAT inbound).</summary>
    public IPEndPoint Destination { get; set; }

    /// <summary>Set once routed: the host whose link the packet is now on.</summary>
    public VirtualHost? Receiver { get; set; }

    /// <summary>False while on the sender's link; true once routed and on the receiver's link.</summary>
    public bool OnReceiverLink { get; set; }

    /// <summary>The socket it is being handed to (for posting to a delivery thread).</summary>
    public VirtualUdpSocket? TargetSocket { get; set; }

    public ReadOnlySpan<byte> Payload => Buffer.AsSpan(0, Length);

    public InFlightDatagram Clone()
    {
        byte[] copy = Pool.Rent(Math.Max(Length, 1));
        Payload.CopyTo(copy);
        return new InFlightDatagram(Sender, copy, Length, Source, Destination)
        {
            Receiver = Receiver,
            OnReceiverLink = OnReceiverLink,
        };
    }

    public override void Run(VirtualNetwork network) => network.OnDatagramDue(this);

    public override void Discard() => ReturnBuffer();

    public void ReturnBuffer()
    {
        byte[] buffer = Buffer;
        if (buffer.Length > 0)
        {
            Buffer = [];
            Pool.Return(buffer);
        }
    }
}
