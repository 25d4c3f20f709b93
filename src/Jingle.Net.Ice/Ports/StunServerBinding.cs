using System.Net;

namespace Jingle.Net.Ice.Ports;

/// <summary>One Binding transaction to a STUN server for a server-reflexive candidate (RFC 8489 §6.2.1 retransmits).</summary>
internal sealed class StunServerBinding
{
    public StunServerBinding(IPEndPoint server, byte[] transactionId)
    {
        Server = server;
        TransactionId = transactionId;
    }

    public IPEndPoint Server { get; }

    public byte[] TransactionId { get; }

    public int Attempts { get; set; }

    public bool Done { get; set; }

    public IDisposable? Timer { get; set; }
}
