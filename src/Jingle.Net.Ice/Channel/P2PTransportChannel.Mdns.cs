using System.Net;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Mdns;

namespace Jingle.Net.Ice.Channel;

/// <summary>
/// Remote mDNS candidates: a candidate whose address is a <c>.local</c> name (browsers hide host addresses this way) is
/// resolved in the background; the answer is handed to the worker thread and the candidate is then added as if it
/// had been signaled with the address. A name that does not resolve (or a resolver that fails) drops the candidate:
/// counted in <see cref="IceTransportStats.MdnsCandidatesUnresolved"/>, logged at debug, never an exception.
/// </summary>
public sealed partial class P2PTransportChannel
{
    private MdnsResolver? _defaultMdnsResolver;
    private long _mdnsResolved, _mdnsUnresolved;

    private IMdnsResolver MdnsResolver => _options.MdnsResolver ?? (_defaultMdnsResolver ??= new MdnsResolver(_env));

    private void ResolveMdnsCandidate(IceCandidate candidate)
    {
        if (_closed)
        {
            return;
        }

        _ = ResolveMdnsCandidateAsync(MdnsResolver, candidate);
    }

    private async Task ResolveMdnsCandidateAsync(IMdnsResolver resolver, IceCandidate candidate)
    {
        IPAddress? address;
        try
        {
            address = await resolver.ResolveAsync(candidate.Host).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing resolver (a user-supplied one included) only drops this candidate.
        catch (Exception)
#pragma warning restore CA1031
        {
            address = null;
        }

        if (_options.Worker is { } worker && !worker.IsCurrent)
        {
            worker.Post(() => OnMdnsCandidateResolved(candidate, address));
        }
        else
        {
            OnMdnsCandidateResolved(candidate, address);
        }
    }

    private void OnMdnsCandidateResolved(IceCandidate candidate, IPAddress? address)
    {
        if (_closed)
        {
            return;
        }

        if (address is null)
        {
            _mdnsUnresolved++;
            IceLog.MdnsCandidateUnresolved(_logger, TransportName, candidate.Host);
            return;
        }

        _mdnsResolved++;
        IceLog.MdnsCandidateResolved(_logger, TransportName, candidate.Host, address);
        AddRemoteCandidate(candidate with { Host = address.ToString() });
    }
}
