using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Stun.Attributes;
using Jingle.Net.Stun.Transactions;

namespace Jingle.Net.Stun.Client;

/// <summary>
/// A STUN client (RFC 8489 §6): Binding requests over UDP, TCP or TLS to one server, through the environment's
/// socket factory and clock. Also the building block of RFC 5780 NAT behaviour discovery
/// (<see cref="NatBehaviorDiscovery"/>): over UDP a request can go to another server address, with CHANGE-REQUEST.
/// </summary>
public sealed class StunClient : IAsyncDisposable
{
    private readonly StunConnection _connection;

    private StunClient(StunConnection connection) => _connection = connection;

    /// <summary>The server.</summary>
    public IPEndPoint Server => _connection.Server;

    /// <summary>The local address of the client socket.</summary>
    public IPEndPoint LocalEndPoint => _connection.LocalEndPoint;

    /// <summary>The underlying connection (its requester's counters, malformed packets).</summary>
    public StunConnection Connection => _connection;

    /// <summary>Opens a client socket (and connection for TCP/TLS) to <paramref name="server"/>.</summary>
    public static async Task<StunClient> CreateAsync(JingleEnvironment environment, IPEndPoint server, StunClientOptions? options = null,
        CancellationToken cancellationToken = default) =>
        new(await StunConnection.OpenAsync(environment, server, options, cancellationToken).ConfigureAwait(false));

    /// <summary>Sends a Binding request and returns the mapped address.</summary>
    public Task<StunBindingResult> BindAsync(CancellationToken cancellationToken = default) =>
        BindAsync(null, changeIp: false, changePort: false, cancellationToken);

    /// <summary>
    /// Sends a Binding request to <paramref name="destination"/> (UDP only; default the server), optionally with
    /// CHANGE-REQUEST (RFC 5780 §7.2).
    /// </summary>
    public async Task<StunBindingResult> BindAsync(IPEndPoint? destination, bool changeIp, bool changePort, CancellationToken cancellationToken = default)
    {
        StunMessage request = StunMessage.CreateRequest(StunMethod.Binding, _connection.Environment.Random);
        if (changeIp || changePort)
        {
            request.Attributes.Add(new ChangeRequestAttribute(changeIp, changePort));
        }

        if (_connection.Options.Software is { } software)
        {
            request.Attributes.Add(new SoftwareAttribute(software));
        }

        StunResponse response = await SendRequestAsync(request, new StunSecurity(Fingerprint: _connection.Options.Fingerprint), destination, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            ErrorCodeAttribute? error = response.Message.GetAttribute<ErrorCodeAttribute>();
            throw new StunErrorResponseException(StunMethod.Binding, error?.Code ?? StunErrorCodes.ServerError, error?.Reason);
        }

        IPEndPoint mapped = response.Message.GetMappedAddress()
            ?? throw new StunParseException("The Binding response carries no (XOR-)MAPPED-ADDRESS.");
        return new StunBindingResult(mapped, LocalEndPoint, response.RoundTripTime,
            response.Message.GetAttribute<OtherAddressAttribute>()?.EndPoint ?? response.Message.GetAttribute<ChangedAddressAttribute>()?.EndPoint,
            response.Message.GetAttribute<ResponseOriginAttribute>()?.EndPoint ?? response.Message.GetAttribute<SourceAddressAttribute>()?.EndPoint,
            response.Message.GetAttribute<SoftwareAttribute>()?.Value, response);
    }

    /// <summary>Runs one client transaction for <paramref name="request"/>.</summary>
    public Task<StunResponse> SendRequestAsync(StunMessage request, StunSecurity security = default, IPEndPoint? destination = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (destination is not null && _connection.Transport != StunTransport.Udp)
        {
            throw new InvalidOperationException("Only UDP requests can go to another address.");
        }

        return _connection.Requester.SendAsync(request.TransactionId, request.ToArray(security), destination, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
