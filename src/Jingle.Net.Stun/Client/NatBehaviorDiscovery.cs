using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Stun.Transactions;

namespace Jingle.Net.Stun.Client;

/// <summary>
/// RFC 5780 NAT behaviour discovery over UDP against a server with an alternate address and port (OTHER-ADDRESS).
/// Mapping (§4.3): Binding to the primary address, to (alternate IP, primary port) and to (alternate IP, alternate
/// port); compare the mapped addresses. Filtering (§4.4): ask the server to answer from its alternate IP and port,
/// then from its alternate port only; a response that arrives tells what the NAT lets in.
/// </summary>
public static class NatBehaviorDiscovery
{
    /// <summary>Runs both tests from one local socket.</summary>
    public static async Task<NatBehaviorResult> DiscoverAsync(JingleEnvironment environment, IPEndPoint server, StunClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new StunClientOptions();
        // Filtering tests expect silence when the NAT filters: a shorter schedule than the default 39.5 s.
        options = options with
        {
            Transport = StunTransport.Udp,
            Retransmission = options.Retransmission == StunRetransmissionOptions.Default
                ? new StunRetransmissionOptions { InitialRto = TimeSpan.FromMilliseconds(250), MaxTransmissions = 3, LastWaitMultiplier = 4 }
                : options.Retransmission,
        };
        await using StunClient client = await StunClient.CreateAsync(environment, server, options, cancellationToken).ConfigureAwait(false);

        StunBindingResult first = await client.BindAsync(cancellationToken).ConfigureAwait(false);
        IPEndPoint? other = first.OtherAddress;
        if (other is null)
        {
            return new NatBehaviorResult(first.MappedAddress, null, NatMappingBehavior.Unknown, NatFilteringBehavior.Unknown);
        }

        // Mapping behaviour.
        NatMappingBehavior mapping;
        if (IsLocal(first.MappedAddress, client.LocalEndPoint))
        {
            mapping = NatMappingBehavior.NoNat;
        }
        else
        {
            StunBindingResult? second = await TryBindAsync(client, new IPEndPoint(other.Address, server.Port), false, false, cancellationToken).ConfigureAwait(false);
            if (second is null)
            {
                mapping = NatMappingBehavior.Unknown;
            }
            else if (second.MappedAddress.Equals(first.MappedAddress))
            {
                mapping = NatMappingBehavior.EndpointIndependent;
            }
            else
            {
                StunBindingResult? third = await TryBindAsync(client, other, false, false, cancellationToken).ConfigureAwait(false);
                mapping = third is null ? NatMappingBehavior.Unknown
                    : third.MappedAddress.Equals(second.MappedAddress) ? NatMappingBehavior.AddressDependent
                    : NatMappingBehavior.AddressAndPortDependent;
            }
        }

        // Filtering behaviour.
        NatFilteringBehavior filtering;
        if (await TryBindAsync(client, server, changeIp: true, changePort: true, cancellationToken).ConfigureAwait(false) is not null)
        {
            filtering = NatFilteringBehavior.EndpointIndependent;
        }
        else if (await TryBindAsync(client, server, changeIp: false, changePort: true, cancellationToken).ConfigureAwait(false) is not null)
        {
            filtering = NatFilteringBehavior.AddressDependent;
        }
        else
        {
            filtering = NatFilteringBehavior.AddressAndPortDependent;
        }

        return new NatBehaviorResult(first.MappedAddress, other, mapping, filtering);
    }

    private static bool IsLocal(IPEndPoint mapped, IPEndPoint local) =>
        mapped.Port == local.Port && (mapped.Address.Equals(local.Address) || local.Address.Equals(IPAddress.Any) || local.Address.Equals(IPAddress.IPv6Any));

    private static async Task<StunBindingResult?> TryBindAsync(StunClient client, IPEndPoint destination, bool changeIp, bool changePort, CancellationToken cancellationToken)
    {
        try
        {
            return await client.BindAsync(destination, changeIp, changePort, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
        catch (StunErrorResponseException)
        {
            return null;
        }
    }
}
