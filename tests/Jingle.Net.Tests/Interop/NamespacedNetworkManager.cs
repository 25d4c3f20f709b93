using Jingle.Net.Base.Networking;

namespace Jingle.Net.Tests.Interop;

/// <summary>The real <see cref="NetworkManager"/>, asked from inside a namespace: it sees only that namespace's interfaces (lo).</summary>
internal sealed class NamespacedNetworkManager(NamespaceThread thread, INetworkManager inner) : INetworkManager
{
    public IReadOnlyList<NetworkInfo> GetNetworks(NetworkFilter? filter = null) => thread.Invoke(() => inner.GetNetworks(filter));
}
