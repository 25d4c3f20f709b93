using Jingle.Net.Base;
using Jingle.Net.Stun.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Stun.Tests.Transactions;

public sealed class StunClientTransactionTests
{
    private static readonly StunTransactionId Id = StunTransactionId.CreateRandom(RandomSource.CreateSeeded(1));

    [Fact]
    public void Udp_RetransmitsAtRfc8489ScheduleAndTimesOutAt39500ms()
    {
        var transaction = new StunClientTransaction(Id, new byte[20], reliable: false);
        var sends = new List<long> { 0 };
        transaction.Start(TimeSpan.Zero);
        long timedOutAt = -1;
        for (long ms = 1; ms <= 50_000 && timedOutAt < 0; ms++)
        {
            switch (transaction.OnTimer(TimeSpan.FromMilliseconds(ms)))
            {
                case StunTransactionAction.Send:
                    sends.Add(ms);
                    break;
                case StunTransactionAction.TimedOut:
                    timedOutAt = ms;
                    break;
            }
        }

        Assert.Equal([0, 500, 1500, 3500, 7500, 15500, 31500], sends);
        Assert.Equal(39_500, timedOutAt);
        Assert.Equal(7, transaction.Transmissions);
        Assert.Equal(StunTransactionState.TimedOut, transaction.State);
        Assert.Null(transaction.NextDeadline);
    }

    [Fact]
    public void Tcp_SendsOnceAndTimesOutAfterTi()
    {
        var transaction = new StunClientTransaction(Id, new byte[20], reliable: true);
        transaction.Start(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(40.5), transaction.NextDeadline);
        Assert.Equal(StunTransactionAction.None, transaction.OnTimer(TimeSpan.FromSeconds(40.4)));
        Assert.Equal(StunTransactionAction.TimedOut, transaction.OnTimer(TimeSpan.FromSeconds(40.5)));
        Assert.Equal(1, transaction.Transmissions);
    }

    [Fact]
    public void CustomOptions_AreHonoured()
    {
        var options = new StunRetransmissionOptions { InitialRto = TimeSpan.FromMilliseconds(100), MaxTransmissions = 3, LastWaitMultiplier = 2 };
        var transaction = new StunClientTransaction(Id, new byte[20], reliable: false, options);
        transaction.Start(TimeSpan.Zero);
        Assert.Equal(StunTransactionAction.Send, transaction.OnTimer(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(StunTransactionAction.Send, transaction.OnTimer(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(StunTransactionAction.None, transaction.OnTimer(TimeSpan.FromMilliseconds(499)));
        Assert.Equal(StunTransactionAction.TimedOut, transaction.OnTimer(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void Response_CompletesOnceAndDuplicatesAreIgnored()
    {
        var transaction = new StunClientTransaction(Id, new byte[20], reliable: false);
        transaction.Start(TimeSpan.Zero);
        Assert.False(transaction.OnResponse(StunTransactionId.CreateRandom(RandomSource.CreateSeeded(2))));
        Assert.True(transaction.OnResponse(Id));
        Assert.False(transaction.OnResponse(Id));
        Assert.Equal(StunTransactionState.Completed, transaction.State);
        Assert.Equal(StunTransactionAction.None, transaction.OnTimer(TimeSpan.FromSeconds(100)));
    }

    [Fact]
    public void Table_MatchesById_IgnoresDuplicates_AndTimesOut()
    {
        var table = new StunTransactionTable<string>();
        var random = RandomSource.CreateSeeded(3);
        var a = new StunClientTransaction(StunTransactionId.CreateRandom(random), new byte[20], false);
        var b = new StunClientTransaction(StunTransactionId.CreateRandom(random), new byte[20], false);
        table.Start(a, "a", TimeSpan.Zero);
        table.Start(b, "b", TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.FromMilliseconds(500), table.NextDeadline);

        Assert.True(table.TryCompleteResponse(b.Id, out StunClientTransaction? matched, out string? state));
        Assert.Same(b, matched);
        Assert.Equal("b", state);
        Assert.False(table.TryCompleteResponse(b.Id, out _, out _)); // duplicate
        Assert.Equal(1, table.UnmatchedResponses);

        var sent = new List<string>();
        var failed = new List<string>();
        for (int ms = 0; ms <= 40_000; ms += 100)
        {
            table.Poll(TimeSpan.FromMilliseconds(ms), (sent, failed), static (c, _, s) => c.sent.Add(s), static (c, _, s) => c.failed.Add(s));
        }

        Assert.Equal(6, sent.Count);
        Assert.Equal(["a"], failed);
        Assert.Equal(0, table.Count);
        Assert.Null(table.NextDeadline);
    }

    [Fact]
    public async Task Requester_OnFakeClock_RetransmitsThenCompletesWithResponse()
    {
        var clock = new FakeTimeProvider();
        var sent = new List<byte[]>();
        using var requester = new StunRequester(clock, reliable: false, bytes => { sent.Add(bytes.ToArray()); return true; });
        StunMessage request = StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(4));
        Task<StunResponse> task = requester.SendAsync(request.TransactionId, request.ToArray());
        Assert.Single(sent);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, sent.Count);
        clock.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(3, sent.Count);
        clock.Advance(TimeSpan.FromMilliseconds(250));

        byte[] response = request.CreateSuccessResponse().ToArray();
        Assert.True(requester.HandleIncoming(response));
        Assert.True(requester.HandleIncoming(response)); // duplicate: consumed, ignored
        StunResponse result = await task;
        Assert.True(result.IsSuccess);
        Assert.Equal(3, result.Transmissions);
        Assert.Equal(TimeSpan.FromMilliseconds(1750), result.RoundTripTime);
        Assert.Equal(1, requester.UnmatchedResponses);
        Assert.Equal(0, requester.PendingCount);
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(3, sent.Count); // nothing retransmitted after completion
    }

    [Fact]
    public async Task Requester_OnFakeClock_TimesOutAfter39500ms()
    {
        var clock = new FakeTimeProvider();
        int sends = 0;
        using var requester = new StunRequester(clock, reliable: false, _ => { sends++; return true; });
        StunMessage request = StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(5));
        Task<StunResponse> task = requester.SendAsync(request.TransactionId, request.ToArray());
        // FakeTimeProvider jumps straight to the new time, so advance in steps as a real clock would.
        for (int i = 0; i < 789; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.False(task.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAsync<TimeoutException>(() => task);
        Assert.Equal(7, sends);
    }

    [Fact]
    public void Requester_IgnoresNonResponses()
    {
        var clock = new FakeTimeProvider();
        using var requester = new StunRequester(clock, reliable: false, _ => true);
        Assert.False(requester.HandleIncoming(StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(6)).ToArray()));
        Assert.False(requester.HandleIncoming([0x40, 0x00, 0x00, 0x00]));
    }
}
