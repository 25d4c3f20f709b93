using Jingle.Net.Stun.Attributes;
using Jingle.Net.Stun.Credentials;
using Jingle.Net.Stun.Transactions;

namespace Jingle.Net.Stun.Turn;

/// <summary>Authenticated requests (RFC 8489 §9.2) and the refresh timer.</summary>
public sealed partial class TurnClient
{
    private async Task<StunResponse> ExecuteAsync(StunMethod method, Action<StunMessage> addAttributes, CancellationToken cancellationToken)
    {
        bool retriedUnauthenticated = false, retriedStale = false;
        while (true)
        {
            StunMessage request = StunMessage.CreateRequest(method, _connection.Environment.Random);
            addAttributes(request);
            StunIntegrityKey? key;
            lock (_lock)
            {
                key = _key;
                if (key is not null)
                {
                    request.Attributes.Add(new UsernameAttribute(_options.Username));
                    request.Attributes.Add(new RealmAttribute(_realm!));
                    request.Attributes.Add(new NonceAttribute(_nonce!));
                    if (_offeredAlgorithms is { } offered)
                    {
                        request.Attributes.Add(new PasswordAlgorithmsAttribute(offered));
                        request.Attributes.Add(new PasswordAlgorithmAttribute(ChooseAlgorithm(offered)));
                    }
                }
            }

            byte[] bytes;
            lock (_lock)
            {
                bytes = request.ToArray(key is null ? StunSecurity.FingerprintOnly : new StunSecurity(key, Fingerprint: true));
            }

            StunResponse response;
            try
            {
                // RFC 8489 §9.2.5: responses to an authenticated request are validated per transaction; a forged one
                // is discarded by the requester and the genuine response still completes the transaction.
                response = await _connection.Requester.SendAsync(request.TransactionId, bytes, null,
                    key is null ? null : CreateResponseValidator(key), cancellationToken).ConfigureAwait(false);
            }
            catch (StunIntegrityViolationException e)
            {
                throw new TurnException($"{method} response lacks a valid MESSAGE-INTEGRITY; it is not trusted.", e);
            }

            if (response.IsSuccess)
            {
                return response;
            }

            ErrorCodeAttribute? error = response.Message.GetAttribute<ErrorCodeAttribute>();
            int code = error?.Code ?? StunErrorCodes.ServerError;
            string? realm = response.Message.GetAttribute<RealmAttribute>()?.Value;
            string? nonce = response.Message.GetAttribute<NonceAttribute>()?.Value;
            if (code == StunErrorCodes.Unauthenticated && !retriedUnauthenticated && realm is not null && nonce is not null)
            {
                retriedUnauthenticated = true;
                UseCredentials(realm, nonce, response.Message.GetAttribute<PasswordAlgorithmsAttribute>()?.Algorithms);
                continue;
            }

            if (code == StunErrorCodes.StaleNonce && !retriedStale && nonce is not null)
            {
                retriedStale = true;
                StaleNonceRetries++;
                lock (_lock)
                {
                    _nonce = nonce;
                    if (realm is not null && realm != _realm)
                    {
                        UseCredentialsLocked(realm, nonce, _offeredAlgorithms);
                    }
                }

                continue;
            }

            StunLog.TurnClientRequestFailed(_logger, method, code, error?.Reason ?? string.Empty);
            throw new TurnException(method, code, error?.Reason);
        }
    }

    /// <summary>
    /// The validator for a request sent with long-term credentials (RFC 8489 §9.2.5): every response must carry a
    /// MESSAGE-INTEGRITY(-SHA256) that verifies with <paramref name="key"/>, except a 401 (Unauthenticated) or 438
    /// (Stale Nonce) error response that carries neither — the server cannot sign those (RFC 8656 §7.2/§7.3 realm and
    /// nonce flow). A 401/438 that does carry integrity must verify. Unauthenticated requests have no validator.
    /// </summary>
    private StunResponseValidator CreateResponseValidator(StunIntegrityKey key) => response =>
    {
        bool signed = response.HasMessageIntegrity || response.HasMessageIntegritySha256;
        if (!signed)
        {
            return response.Class == StunClass.ErrorResponse
                && response.TryGetErrorCode(out int code, out _)
                && code is StunErrorCodes.Unauthenticated or StunErrorCodes.StaleNonce;
        }

        lock (_lock)
        {
            try
            {
                return response.ValidateAnyMessageIntegrity(key);
            }
            catch (ObjectDisposedException)
            {
                return false; // the credentials changed while this request was in flight
            }
        }
    };

    /// <summary>Requests retried after a 438 (Stale Nonce).</summary>
    public int StaleNonceRetries { get; private set; }

    private static PasswordAlgorithm ChooseAlgorithm(PasswordAlgorithm[] offered) =>
        Array.IndexOf(offered, PasswordAlgorithm.Sha256) >= 0 ? PasswordAlgorithm.Sha256 : PasswordAlgorithm.Md5;

    private void UseCredentials(string realm, string nonce, PasswordAlgorithm[]? offered)
    {
        lock (_lock)
        {
            UseCredentialsLocked(realm, nonce, offered);
        }
    }

    private void UseCredentialsLocked(string realm, string nonce, PasswordAlgorithm[]? offered)
    {
        _realm = realm;
        _nonce = nonce;
        _offeredAlgorithms = offered is { Length: > 0 } ? offered : null;
        PasswordAlgorithm algorithm = _offeredAlgorithms is null ? PasswordAlgorithm.Md5 : ChooseAlgorithm(_offeredAlgorithms);
        StringPreparation preparation = OpaqueString.IsPlainAscii(realm) && OpaqueString.IsPlainAscii(_options.Password)
            ? StringPreparation.None : StringPreparation.OpaqueString;
        _key?.Dispose();
        _key = StunIntegrityKey.LongTerm(_options.Username, realm, _options.Password, algorithm, preparation);
    }

    private void ScheduleRefresh()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                // Check often enough for the shortest deadline (a permission refresh); the checks are cheap.
                _refreshTimer.Change(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
            }
        }
    }

    private void OnRefreshTimer()
    {
        if (Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return;
        }

        _ = RefreshDueAsync();
    }

    private async Task RefreshDueAsync()
    {
        try
        {
            TimeSpan now = Now;
            TimeSpan margin = _options.RefreshMargin;
            bool allocationDue;
            List<System.Net.IPAddress> permissions;
            List<(ushort Channel, System.Net.IPEndPoint Peer)> channels;
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                allocationDue = _allocationExpires - now <= margin;
                permissions = [.. _permissions.Where(p => p.Value - now <= margin).Select(p => p.Key)];
                channels = [.. _channels.Where(c => c.Value.Expires - now <= margin).Select(c => (c.Key, c.Value.Peer))];
            }

            if (allocationDue)
            {
                await RefreshAsync(_options.RequestedLifetime, CancellationToken.None).ConfigureAwait(false);
                AutomaticRefreshes++;
            }

            foreach ((ushort channel, System.Net.IPEndPoint peer) in channels)
            {
                await BindChannelAsync(channel, peer, CancellationToken.None).ConfigureAwait(false);
                permissions.Remove(peer.Address);
                AutomaticRefreshes++;
            }

            if (permissions.Count > 0)
            {
                await CreatePermissionAsync(permissions, CancellationToken.None).ConfigureAwait(false);
                AutomaticRefreshes++;
            }
        }
        catch (TurnException e)
        {
            AllocationLost?.Invoke(this, e);
        }
        catch (Exception e) when (e is TimeoutException or ObjectDisposedException or OperationCanceledException)
        {
            AllocationLost?.Invoke(this, new TurnException("Refreshing the TURN allocation failed: " + e.Message, e));
        }
        finally
        {
            Interlocked.Exchange(ref _refreshing, 0);
        }
    }

    /// <summary>Deletes the allocation (Refresh with lifetime 0, best effort) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        bool allocated;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            allocated = _key is not null && RelayedAddress.Port != 0;
        }

        await _refreshTimer.DisposeAsync().ConfigureAwait(false);
        if (allocated)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2), _connection.Environment.TimeProvider);
                await ExecuteAsync(StunMethod.Refresh, r => r.Attributes.Add(new LifetimeAttribute(0)), cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TurnException or TimeoutException or OperationCanceledException or ObjectDisposedException)
            {
                // Best effort: the server expires the allocation anyway.
            }
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        lock (_lock)
        {
            _key?.Dispose();
        }
    }
}
