using System.Net;
using System.Threading.Channels;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Base.Virtual;

/// <summary>A listening TCP socket on a virtual host.</summary>
internal sealed class VirtualTcpListener(VirtualHost host, IPEndPoint localEndPoint) : ITcpListener
{
    private readonly Channel<ITcpSocket> _accepted = Channel.CreateUnbounded<ITcpSocket>(new UnboundedChannelOptions
    {
        SingleWriter = false,

        // The pump enqueues accepted connections: the accepting caller resumes inline there, deterministically.
        AllowSynchronousContinuations = true,
    });

    public IPEndPoint LocalEndPoint { get; } = localEndPoint;

    public async ValueTask<ITcpSocket> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(ToString());
        }
    }

    internal bool Accepts(System.Net.IPAddress address) =>
        LocalEndPoint.Address.Equals(System.Net.IPAddress.Any) || LocalEndPoint.Address.Equals(System.Net.IPAddress.IPv6Any)
        || LocalEndPoint.Address.Equals(address) || (System.Net.IPAddress.IsLoopback(LocalEndPoint.Address) && System.Net.IPAddress.IsLoopback(address));

    internal bool Enqueue(ITcpSocket socket) => _accepted.Writer.TryWrite(socket);

    public void Dispose()
    {
        if (!_accepted.Writer.TryComplete())
        {
            return;
        }

        host.RemoveTcpListener(this);
        while (_accepted.Reader.TryRead(out ITcpSocket? pending))
        {
            pending.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"vtcp-listen:{host.Name}:{LocalEndPoint}";
}
