using Jingle.Net.Base.Threading;

namespace Jingle.Net.Base.Tests;

/// <summary><see cref="RtcThread.RegisterEndOfWorkFlush"/>: what the UDP socket's send batching relies on.</summary>
public sealed class RtcThreadFlushTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Flush_RunsOnceAfterTheItemThatRegisteredIt_AndNotAfterLaterItems()
    {
        await using var thread = new RtcThread("flush");
        var log = new List<string>();
        var a = new RecordingFlush("a", log);
        var b = new RecordingFlush("b", log);

        await thread.InvokeAsync(() =>
        {
            thread.RegisterEndOfWorkFlush(a);
            thread.RegisterEndOfWorkFlush(b);
            log.Add("item1");
        }).WaitAsync(Timeout);
        await thread.InvokeAsync(() => log.Add("item2")).WaitAsync(Timeout);
        await thread.InvokeAsync(() =>
        {
            thread.RegisterEndOfWorkFlush(b);
            log.Add("item3");
        }).WaitAsync(Timeout);
        await thread.InvokeAsync(() => { }).WaitAsync(Timeout);

        Assert.Equal(["item1", "a", "b", "item2", "item3", "b"], log);
    }

    [Fact]
    public async Task Flush_RunsBeforeTheNextQueuedItem()
    {
        await using var thread = new RtcThread("flush");
        var log = new List<string>();
        var flush = new RecordingFlush("flush", log);
        var gate = new ManualResetEventSlim();

        // Both items are queued before either runs, so "next" is already waiting when the first one ends.
        thread.Post(() =>
        {
            gate.Wait();
            thread.RegisterEndOfWorkFlush(flush);
            log.Add("first");
        });
        Task next = thread.InvokeAsync(() => log.Add("next"));
        gate.Set();
        await next.WaitAsync(Timeout);

        Assert.Equal(["first", "flush", "next"], log);
    }

    [Fact]
    public async Task Flush_RunsAfterAnItemThatThrew_AndAThrowingFlushDoesNotStopTheOthers()
    {
        await using var thread = new RtcThread("flush");
        var reported = new List<string>();
        thread.UnhandledException += (_, e) => reported.Add(((Exception)e.ExceptionObject).Message);
        var log = new List<string>();
        var bad = new RecordingFlush("bad", log, throws: true);
        var good = new RecordingFlush("good", log);

        thread.Post(() =>
        {
            thread.RegisterEndOfWorkFlush(bad);
            thread.RegisterEndOfWorkFlush(good);
            throw new InvalidOperationException("item");
        });
        await thread.InvokeAsync(() => log.Add("after")).WaitAsync(Timeout);

        Assert.Equal(["bad", "good", "after"], log);
        Assert.Equal(["item", "flush bad"], reported);
    }

    [Fact]
    public async Task FlushRegisteredByAFlush_RunsInTheSameRound()
    {
        await using var thread = new RtcThread("flush");
        var log = new List<string>();
        var inner = new RecordingFlush("inner", log);
        var outer = new RecordingFlush("outer", log, onFlush: () => thread.RegisterEndOfWorkFlush(inner));

        await thread.InvokeAsync(() => thread.RegisterEndOfWorkFlush(outer)).WaitAsync(Timeout);
        await thread.InvokeAsync(() => log.Add("next")).WaitAsync(Timeout);

        Assert.Equal(["outer", "inner", "next"], log);
    }

    [Fact]
    public async Task Register_OffTheThread_Throws_InDebugBuilds()
    {
        await using var thread = new RtcThread("flush");
#if DEBUG
        Assert.Throws<InvalidOperationException>(() => thread.RegisterEndOfWorkFlush(new RecordingFlush("x", [])));
#else
        Assert.Throws<ArgumentNullException>(() => thread.RegisterEndOfWorkFlush(null!));
#endif
    }

    private sealed class RecordingFlush(string name, List<string> log, bool throws = false, Action? onFlush = null) : IRtcThreadFlush
    {
        public void Flush()
        {
            log.Add(name);
            onFlush?.Invoke();
            if (throws)
            {
                throw new InvalidOperationException("flush " + name);
            }
        }
    }
}
