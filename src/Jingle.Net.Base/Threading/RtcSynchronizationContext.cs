namespace Jingle.Net.Base.Threading;

/// <summary>The <see cref="SynchronizationContext"/> of an <see cref="RtcThread"/>: <c>await</c> resumes on the thread.</summary>
internal sealed class RtcSynchronizationContext(RtcThread thread) : SynchronizationContext
{
    public RtcThread Thread => thread;

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (!thread.Post(d, state))
        {
            throw new ObjectDisposedException(thread.Name, "The RtcThread is stopping; the continuation cannot run.");
        }
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (thread.IsCurrent)
        {
            d(state);
            return;
        }

        // Send is a blocking hop by definition; Jingle.Net itself never calls it (work crosses threads by posting).
        thread.InvokeAsync(() => d(state)).GetAwaiter().GetResult();
    }

    public override SynchronizationContext CreateCopy() => this;
}
