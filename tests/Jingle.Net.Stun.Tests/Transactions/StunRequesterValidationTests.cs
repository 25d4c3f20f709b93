using Jingle.Net.Base;
using Jingle.Net.Stun.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Stun.Tests.Transactions;

/// <summary>
/// Per-transaction response validation in <see cref="StunRequester"/> (RFC 8489 §9.2.5): over UDP a rejected
/// response is discarded as if never received; over TCP it ends the transaction with an integrity violation.
/// </summary>
public sealed class StunRequesterValidationTests
{
    private static readonly StunResponseValidator RequireIntegrity = response => response.HasMessageIntegrity;

    [Fact]
    public async Task Udp_RejectedResponse_IsDiscarded_RetransmissionsGoOn_AndTheGenuineOneCompletes()
    {
        var time = new FakeTimeProvider();
        int sends = 0;
        using var requester = new StunRequester(time, reliable: false, _ => { sends++; return true; });
        StunMessage request = StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(1));
        Task<StunResponse> pending = requester.SendAsync(request.TransactionId, request.ToArray(), null, RequireIntegrity,
            TestContext.Current.CancellationToken);
        using var key = StunIntegrityKey.ShortTerm("secret");

        Assert.True(requester.HandleIncoming(request.CreateSuccessResponse().ToArray(StunSecurity.FingerprintOnly)));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, sends); // still retransmitting
        Assert.True(requester.HandleIncoming(request.CreateSuccessResponse().ToArray(StunSecurity.Sha1WithFingerprint(key))));

        Assert.True(pending.IsCompletedSuccessfully); // synchronously, on the delivering thread
        Assert.True((await pending).IsSuccess);
        Assert.Equal(1, requester.DiscardedResponses);
        Assert.Equal(0, requester.UnmatchedResponses);
    }

    [Fact]
    public async Task Udp_TimeoutAfterOnlyRejectedResponses_SignalsIntegrityViolation()
    {
        var time = new FakeTimeProvider();
        using var requester = new StunRequester(time, reliable: false, _ => true);
        StunMessage request = StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(2));
        Task<StunResponse> pending = requester.SendAsync(request.TransactionId, request.ToArray(), null, RequireIntegrity,
            TestContext.Current.CancellationToken);
        requester.HandleIncoming(request.CreateErrorResponse(403).ToArray());

        for (int step = 0; step < 80 && !pending.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        await Assert.ThrowsAsync<StunIntegrityViolationException>(() => pending);
    }

    [Fact]
    public async Task Tcp_RejectedResponse_EndsTheTransactionAtOnce()
    {
        var time = new FakeTimeProvider();
        using var requester = new StunRequester(time, reliable: true, _ => true);
        StunMessage request = StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(3));
        Task<StunResponse> pending = requester.SendAsync(request.TransactionId, request.ToArray(), null, RequireIntegrity,
            TestContext.Current.CancellationToken);

        requester.HandleIncoming(request.CreateSuccessResponse().ToArray());

        await Assert.ThrowsAsync<StunIntegrityViolationException>(() => pending);
        Assert.Equal(0, requester.PendingCount);
        Assert.Equal(1, requester.DiscardedResponses);
    }

    [Fact]
    public async Task BadFingerprint_IsDroppedEvenWithoutValidator_AndTheGenuineResponseCompletes()
    {
        var time = new FakeTimeProvider();
        using var requester = new StunRequester(time, reliable: true, _ => true);
        StunMessage request = StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(4));
        Task<StunResponse> pending = requester.SendAsync(request.TransactionId, request.ToArray(), TestContext.Current.CancellationToken);
        byte[] corrupt = request.CreateErrorResponse(400).ToArray(StunSecurity.FingerprintOnly);
        corrupt[^1] ^= 0x01;

        Assert.True(requester.HandleIncoming(corrupt));
        Assert.False(pending.IsCompleted); // a bad FINGERPRINT only drops the packet, even over TCP
        requester.HandleIncoming(request.CreateSuccessResponse().ToArray()); // no FINGERPRINT: accepted

        Assert.True((await pending).IsSuccess);
        Assert.Equal(1, requester.DiscardedResponses);
    }
}
