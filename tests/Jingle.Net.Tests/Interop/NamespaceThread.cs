using System.Collections.Concurrent;

namespace Jingle.Net.Tests.Interop;

/// <summary>One long-lived OS thread that has joined a network namespace; runs work items on it synchronously.</summary>
internal sealed class NamespaceThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    public NamespaceThread(LoopbackNetworkNamespace ns)
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() =>
        {
            try
            {
                ns.EnterCurrentThread();
                entered.SetResult();
            }
            catch (Exception e)
            {
                entered.SetException(e);
                return;
            }

            foreach (Action action in _work.GetConsumingEnumerable())
            {
                action();
            }
        })
        { IsBackground = true, Name = "netns " + ns.Name };
        _thread.Start();
        entered.Task.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="func"/> on the namespace thread and returns its result (or rethrows its exception).</summary>
    public T Invoke<T>(Func<T> func)
    {
        if (Thread.CurrentThread == _thread)
        {
            return func();
        }

        T result = default!;
        Exception? error = null;
        using var done = new ManualResetEventSlim();
        _work.Add(() =>
        {
            try
            {
                result = func();
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }

        return result;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        _work.Dispose();
    }
}
