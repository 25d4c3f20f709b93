using Jingle.Net.Base.Threading;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Base.Tests;

public sealed class RtcThreadTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Post_RunsInOrder_OnTheThread()
    {
        using var thread = new RtcThread("worker");
        var seen = new List<int>();
        bool allOnThread = true;
        for (int i = 0; i < 1000; i++)
        {
            int n = i;
            thread.Post(() =>
            {
                allOnThread &= thread.IsCurrent;
                seen.Add(n);
            });
        }

        await thread.InvokeAsync(() => { }).WaitAsync(Timeout);
        Assert.True(allOnThread);
        Assert.Equal(Enumerable.Range(0, 1000), seen);
    }

    [Fact]
    public async Task PostFromManyThreads_RunsEverythingOnce()
    {
        using var thread = new RtcThread("worker");
        int count = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                thread.Post(() => count++);
            }
        })));
        await thread.InvokeAsync(() => { }).WaitAsync(Timeout);
        Assert.Equal(40_000, count);
    }

    [Fact]
    public async Task InvokeAsync_ReturnsValue_AndFlowsExceptions()
    {
        using var thread = new RtcThread("worker");
        Assert.Equal("worker", await thread.InvokeAsync(() => Thread.CurrentThread.Name).WaitAsync(Timeout));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => thread.InvokeAsync(new Func<int>(() => throw new InvalidOperationException("boom"))));
        Assert.Equal("boom", e.Message);
    }

    [Fact]
    public async Task PostedException_IsReported_AndTheThreadKeepsRunning()
    {
        using var thread = new RtcThread("worker");
        Exception? reported = null;
        thread.UnhandledException += (_, e) => reported = (Exception)e.ExceptionObject;
        thread.Post(() => throw new FormatException("bad"));
        Assert.Equal(42, await thread.InvokeAsync(() => 42).WaitAsync(Timeout));
        Assert.IsType<FormatException>(reported);
    }

    [Fact]
    public async Task Await_ResumesOnTheThread()
    {
        using var thread = new RtcThread("worker");
        bool resumedOnThread = await thread.InvokeAsync(async () =>
        {
            await Task.Yield();
            await Task.Delay(1);
            return thread.IsCurrent;
        }).WaitAsync(Timeout);
        Assert.True(resumedOnThread);
    }

    [Fact]
    public void AssertCurrent_ThrowsOffThread()
    {
        using var thread = new RtcThread("worker");
        Assert.False(thread.IsCurrent);
        Assert.Throws<InvalidOperationException>(thread.AssertCurrent);
    }

    [Fact]
    public async Task PostDelayed_RunsOnlyWhenFakeTimeAdvances()
    {
        var time = new FakeTimeProvider();
        using var thread = new RtcThread("worker", time);
        var fired = new List<string>();
        thread.PostDelayed(TimeSpan.FromMilliseconds(200), () => fired.Add("b"));
        thread.PostDelayed(TimeSpan.FromMilliseconds(100), () => fired.Add("a"));
        Assert.Equal(2, thread.PendingDelayedCount);

        time.Advance(TimeSpan.FromMilliseconds(99));
        await thread.InvokeAsync(() => { }).WaitAsync(Timeout);
        Assert.Empty(fired);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await thread.InvokeAsync(() => { }).WaitAsync(Timeout);
        Assert.Equal(["a"], fired);

        time.Advance(TimeSpan.FromMilliseconds(100));
        await thread.InvokeAsync(() => { }).WaitAsync(Timeout);
        Assert.Equal(["a", "b"], fired);
        Assert.Equal(0, thread.PendingDelayedCount);
    }

    [Fact]
    public async Task PostDelayed_CancelledHandle_NeverRuns()
    {
        var time = new FakeTimeProvider();
        using var thread = new RtcThread("worker", time);
        bool ran = false;
        IDisposable handle = thread.PostDelayed(TimeSpan.FromSeconds(1), () => ran = true);
        handle.Dispose();
        time.Advance(TimeSpan.FromSeconds(5));
        await thread.InvokeAsync(() => { }).WaitAsync(Timeout);
        Assert.False(ran);
        Assert.Equal(0, thread.PendingDelayedCount);
    }

    [Fact]
    public async Task Dispose_DrainsQueuedWork_CancelsDelayed_AndRefusesNewPosts()
    {
        var time = new FakeTimeProvider();
        var thread = new RtcThread("worker", time);
        var gate = new ManualResetEventSlim();
        int ran = 0;
        thread.Post(gate.Wait);
        for (int i = 0; i < 100; i++)
        {
            thread.Post(() => ran++);
        }

        bool delayedRan = false;
        thread.PostDelayed(TimeSpan.FromSeconds(1), () => delayedRan = true);
        ValueTask disposing = thread.DisposeAsync();
        gate.Set();
        await disposing.AsTask().WaitAsync(Timeout);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(100, ran);
        Assert.False(delayedRan);
        Assert.False(thread.Post(() => { }));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => thread.InvokeAsync(() => 1));
        Assert.Equal(0, thread.PendingDelayedCount);
    }

    [Fact]
    public async Task Dispose_WithDiscardPolicy_CancelsPendingInvocations()
    {
        var thread = new RtcThread("worker", disposePolicy: RtcThreadDisposePolicy.Discard);
        var gate = new ManualResetEventSlim();
        thread.Post(gate.Wait);
        Task<int> pending = thread.InvokeAsync(() => 1);
        ValueTask disposing = thread.DisposeAsync();
        gate.Set();
        await disposing.AsTask().WaitAsync(Timeout);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task Dispose_LeavesNoThreadBehind()
    {
        Thread? osThread = null;
        var thread = new RtcThread("short-lived");
        await thread.InvokeAsync(() => osThread = Thread.CurrentThread).WaitAsync(Timeout);
        thread.Dispose();
        Assert.NotNull(osThread);
        Assert.False(osThread!.IsAlive);
    }
}
