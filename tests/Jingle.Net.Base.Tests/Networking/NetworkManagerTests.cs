using System.Net;
using System.Net.NetworkInformation;
using Jingle.Net.Base.Networking;

namespace Jingle.Net.Base.Tests.Networking;

public sealed class NetworkManagerTests
{
    [Fact]
    public void IncludeLoopback_FindsTheLoopbackInterfaceWith127001()
    {
        var manager = new NetworkManager();

        IReadOnlyList<NetworkInfo> all = manager.GetNetworks(NetworkFilter.WithLoopback);
        IReadOnlyList<NetworkInfo> defaults = manager.GetNetworks();

        NetworkInfo lo = Assert.Single(all, n => n.IsLoopback);
        Assert.Contains(lo.Addresses, a => a.Address.Equals(IPAddress.Loopback));
        Assert.Equal(0, lo.NetworkCost);
        Assert.DoesNotContain(defaults, n => n.IsLoopback);
    }

    [Fact]
    public void LoopbackOnly_ReturnsNothingButLoopback()
    {
        IReadOnlyList<NetworkInfo> networks = new NetworkManager().GetNetworks(NetworkFilter.LoopbackOnly);
        Assert.NotEmpty(networks);
        Assert.All(networks, n => Assert.True(n.IsLoopback));
    }

    [Fact]
    public void DefaultFilter_DropsLinkLocalIPv6_AndDownInterfaces()
    {
        IReadOnlyList<NetworkInfo> networks = new NetworkManager().GetNetworks(new NetworkFilter { IncludeLoopback = true });
        Assert.All(networks, n => Assert.True(n.IsUp));
        Assert.All(networks.SelectMany(n => n.Addresses), a => Assert.False(a.Address.IsIPv6LinkLocal));
    }

    [Theory]
    [InlineData("lo", NetworkInterfaceType.Loopback, NetworkAdapterType.Loopback)]
    [InlineData("eth0", NetworkInterfaceType.Ethernet, NetworkAdapterType.Ethernet)]
    [InlineData("enp3s0", NetworkInterfaceType.Ethernet, NetworkAdapterType.Ethernet)]
    [InlineData("wlan0", NetworkInterfaceType.Unknown, NetworkAdapterType.Wifi)]
    [InlineData("wlp2s0", NetworkInterfaceType.Ethernet, NetworkAdapterType.Wifi)]
    [InlineData("docker0", NetworkInterfaceType.Ethernet, NetworkAdapterType.Virtual)]
    [InlineData("veth1a2b", NetworkInterfaceType.Ethernet, NetworkAdapterType.Virtual)]
    [InlineData("tun0", NetworkInterfaceType.Unknown, NetworkAdapterType.Vpn)]
    [InlineData("wg0", NetworkInterfaceType.Unknown, NetworkAdapterType.Vpn)]
    [InlineData("rmnet_data0", NetworkInterfaceType.Unknown, NetworkAdapterType.Cellular)]
    [InlineData("weird0", NetworkInterfaceType.Unknown, NetworkAdapterType.Unknown)]
    public void Classify_UsesTypeAndName(string name, NetworkInterfaceType type, NetworkAdapterType expected) =>
        Assert.Equal(expected, NetworkManager.Classify(name, type));

    [Fact]
    public void NetworkCost_PrefersWiredOverCellular()
    {
        NetworkInfo Make(NetworkAdapterType t) => new("x", 1, t, true, [new NetworkAddress(IPAddress.Loopback, 8)]);
        Assert.True(Make(NetworkAdapterType.Ethernet).NetworkCost < Make(NetworkAdapterType.Wifi).NetworkCost);
        Assert.True(Make(NetworkAdapterType.Wifi).NetworkCost < Make(NetworkAdapterType.Cellular).NetworkCost);
    }
}
