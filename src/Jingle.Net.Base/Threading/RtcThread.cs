using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jingle.Net.Base.Threading;

/// <summary>What happens to work still queued when an <see cref="RtcThread"/> is disposed.</summary>
public enum RtcThreadDisposePolicy
{
    /// <summary>Work posted before the dispose call runs; delayed work not yet due is cancelled.</summary>
    Drain,

    /// <summary>Queued work is dropped; pending <see cref="RtcThread.InvokeAsync(Action)"/> tasks are cancelled.</summary>
    Discard,
}

/// <summary>
/// A dedicated OS thread with a message queue: libjingle's <c>rtc::Thread</c>. Protocol objects live on one
/// RtcThread and are only touched from it, so they need no locks. Delays are scheduled through the injected
/// <see cref="TimeProvider"/>, so a test with a fake clock decides when delayed work becomes due.
/// <para>
/// On Linux the thread can also watch sockets itself (<see cref="TryRegisterReadable"/>, libjingle's socket server):
/// from the first registration on it sleeps in epoll_wait instead of on an event, woken by an eventfd when work is
/// posted, and runs a readable socket's handler like a work item. While posted work keeps coming, sockets get a turn
/// after every <see cref="IoFairnessBudget"/> items.
/// </para>
/// </summary>
public sealed class RtcThread : IDisposable, IAsyncDisposable
{
    [ThreadStatic]
    private static RtcThread? t_current;

    private readonly ConcurrentQueue<WorkItem> _queue = new();
    private readonly ManualResetEventSlim _signal = new(false, 0);
    private readonly Thread _thread;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RtcSynchronizationContext _context;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<DelayedWork> _delayed = [];
    private readonly Lock _delayedLock = new();
    private readonly RtcThreadDisposePolicy _disposePolicy;
    private readonly List<IRtcThreadFlush> _flushes = [];
    private readonly Action<IRtcIoHandler> _runIo;
    private RtcIoPoller? _poller;
    private bool _pollerUnavailable;
    private int _sleeping;
    private volatile bool _stopping;
    private long _processed;

    /// <summary>Starts a named thread. <paramref name="time"/> defaults to <see cref="TimeProvider.System"/>.</summary>
    public RtcThread(string name, TimeProvider? time = null, ILoggerFactory? loggerFactory = null,
        RtcThreadDisposePolicy disposePolicy = RtcThreadDisposePolicy.Drain)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _time = time ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Jingle.Net.Base.RtcThread");
        _disposePolicy = disposePolicy;
        _context = new RtcSynchronizationContext(this);
        _runIo = RunIo;
        _thread = new Thread(Run) { Name = name, IsBackground = true };
        _thread.Start();
    }

    /// <summary>The thread's name.</summary>
    public string Name { get; }

    /// <summary>The RtcThread the caller runs on, or null.</summary>
    public static RtcThread? Current => t_current;

    /// <summary>True when called from this thread.</summary>
    public bool IsCurrent => t_current == this;

    /// <summary>The clock delayed work is scheduled with.</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>The context installed on this thread: <c>await</c> inside posted work resumes here.</summary>
    public SynchronizationContext SynchronizationContext => _context;

    /// <summary>Work items run so far.</summary>
    public long ProcessedCount => Interlocked.Read(ref _processed);

    /// <summary>Queued work items not yet run (approximate while other threads post).</summary>
    public int PendingCount => _queue.Count;

    /// <summary>Delayed items scheduled and neither run nor cancelled.</summary>
    public int PendingDelayedCount
    {
        get { lock (_delayedLock) { return _delayed.Count; } }
    }

    /// <summary>True once disposal has begun; posts are refused from then on.</summary>
    public bool IsStopping => _stopping;

    /// <summary>Raised (on this thread) when posted work throws. The thread keeps running.</summary>
    public event EventHandler<UnhandledExceptionEventArgs>? UnhandledException;

    /// <summary>Throws unless called on this thread (libwebrtc's RTC_DCHECK_RUN_ON).</summary>
    public void AssertCurrent()
    {
        if (!IsCurrent)
        {
            throw new InvalidOperationException(
                $"Called on thread '{Thread.CurrentThread.Name ?? Environment.CurrentManagedThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture)}', expected RtcThread '{Name}'.");
        }
    }

    /// <summary><see cref="AssertCurrent"/> in DEBUG builds only; compiled away in Release.</summary>
    [Conditional("DEBUG")]
    public void DebugAssertCurrent() => AssertCurrent();

    /// <summary>Queues <paramref name="action"/>. Returns false (and drops it) once the thread is stopping.</summary>
    public bool Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Enqueue(new WorkItem(action, null, Invokers.Action));
    }

    /// <summary>
    /// Queues <paramref name="action"/> with a state object. With a static lambda this allocates nothing per call,
    /// which is what packet paths use.
    /// </summary>
    public bool Post<TState>(Action<TState> action, TState state) where TState : class?
    {
        ArgumentNullException.ThrowIfNull(action);
        return Enqueue(new WorkItem(action, state, Invoker<TState>.Instance));
    }

    internal bool Post(SendOrPostCallback callback, object? state) => Enqueue(new WorkItem(callback, state, Invokers.SendOrPost));

    /// <summary>
    /// Has <paramref name="flush"/> run once after the current work item, whether or not the item throws. Call it on
    /// this thread, at most once per work item per object (the caller keeps a "registered" flag): the list is not
    /// deduplicated. Flushes run in registration order; one registered while the flushes run runs in the same round.
    /// A flush that throws is logged and reported like a work item and does not stop the others. The list is reused,
    /// so registering allocates nothing in steady state.
    /// </summary>
    internal void RegisterEndOfWorkFlush(IRtcThreadFlush flush)
    {
        ArgumentNullException.ThrowIfNull(flush);
        DebugAssertCurrent();
        _flushes.Add(flush);
    }

    /// <summary>Posted work items run in a row before watched sockets get a turn.</summary>
    internal const int IoFairnessBudget = 64;

    /// <summary>Sockets this thread watches (<see cref="TryRegisterReadable"/>). Call on this thread.</summary>
    internal int WatchedSocketCount => _poller?.Count ?? 0;

    /// <summary>Naps the poller took instead of blocking (see RtcIoPoller.TryNapAndPoll).</summary>
    internal long PollerNaps => _poller?.Naps ?? 0;

    /// <summary>For tests, set before the first socket is registered: 1 always naps while datagrams flow, -1 never, 0 decides by contention.</summary>
    internal int NapPolicy { get; init; }

    /// <summary>
    /// Has this thread watch <paramref name="socket"/> and call <paramref name="handler"/> (on this thread) whenever
    /// data is queued on it. Call on this thread. Returns the registration id for <see cref="UnregisterReadable"/>,
    /// or 0 when the thread cannot poll sockets (not Linux, the epoll calls failed, the thread is stopping, the socket
    /// is closed): the caller then receives as before.
    /// </summary>
    internal long TryRegisterReadable(System.Runtime.InteropServices.SafeHandle socket, IRtcIoHandler handler)
    {
        AssertCurrent();
        if (_stopping || _pollerUnavailable)
        {
            return 0;
        }

        if (_poller is null)
        {
            RtcIoPoller? poller = RtcIoPoller.TryCreate(out string? error);
            if (poller is null)
            {
                _pollerUnavailable = true;
                BaseLog.IoPollerUnavailable(_logger, Name, error ?? "unknown");
                return 0;
            }

            poller.NapPolicy = NapPolicy;
            Volatile.Write(ref _poller, poller); // before this thread next says it sleeps: Wake() then sees it
        }

        return _poller.Register(socket, handler);
    }

    /// <summary>Stops watching a socket registered with <see cref="TryRegisterReadable"/>. Call on this thread.</summary>
    internal bool UnregisterReadable(long id)
    {
        AssertCurrent();
        return _poller?.Unregister(id) ?? false;
    }

    /// <summary>
    /// Runs <paramref name="action"/> on this thread once <paramref name="delay"/> has passed on the injected clock.
    /// Dispose the returned handle to cancel it.
    /// </summary>
    public IDisposable PostDelayed(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        var work = new DelayedWork(this, action);
        lock (_delayedLock)
        {
            if (_stopping)
            {
                return work;
            }

            _delayed.Add(work);
        }

        work.Start(delay);
        return work;
    }

    /// <summary>Runs <paramref name="action"/> on this thread; the task completes (or faults) when it has run.</summary>
    public Task InvokeAsync(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return InvokeAsync(() =>
        {
            action();
            return true;
        });
    }

    /// <summary>
    /// Runs <paramref name="func"/> on this thread and returns its result. Exceptions flow back through the task.
    /// Called on this thread, it runs inline.
    /// </summary>
    public Task<T> InvokeAsync<T>(Func<T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        if (IsCurrent)
        {
            try
            {
                return Task.FromResult(func());
            }
            catch (Exception e)
            {
                return Task.FromException<T>(e);
            }
        }

        var invocation = new Invocation<T>(func);
        if (!Enqueue(new WorkItem(null, invocation, Invokers.Invocation)))
        {
            return Task.FromException<T>(new ObjectDisposedException(Name, "The RtcThread is stopping."));
        }

        return invocation.Task;
    }

    /// <summary>Runs an async function on this thread; its awaits resume on this thread.</summary>
    public Task<T> InvokeAsync<T>(Func<Task<T>> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return InvokeAsync<Task<T>>(func).Unwrap();
    }

    /// <summary>Runs an async function on this thread; its awaits resume on this thread.</summary>
    public Task InvokeAsync(Func<Task> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return InvokeAsync<Task>(func).Unwrap();
    }

    /// <summary>Stops the thread per the dispose policy and waits for it to exit (unless called from it).</summary>
    public void Dispose()
    {
        BeginStop();
        if (!IsCurrent)
        {
            _thread.Join();
        }
    }

    /// <summary>Stops the thread per the dispose policy; completes when the thread has exited.</summary>
    public ValueTask DisposeAsync()
    {
        BeginStop();
        return IsCurrent ? ValueTask.CompletedTask : new ValueTask(_exited.Task);
    }

    private void BeginStop()
    {
        DelayedWork[] delayed;
        lock (_delayedLock)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            delayed = [.. _delayed];
            _delayed.Clear();
        }

        foreach (DelayedWork work in delayed)
        {
            work.Dispose();
        }

        Wake();
    }

    private bool Enqueue(in WorkItem item)
    {
        if (_stopping)
        {
            return false;
        }

        _queue.Enqueue(item);
        Wake();
        return true;
    }

    private void Wake()
    {
        if (Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1)
        {
            if (Volatile.Read(ref _poller) is { } poller)
            {
                poller.Signal();
            }
            else
            {
                _signal.Set();
            }
        }
    }

    private void Run()
    {
        t_current = this;
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            while (true)
            {
                int ran = 0;
                while (_queue.TryDequeue(out WorkItem item))
                {
                    if (_stopping && _disposePolicy == RtcThreadDisposePolicy.Discard)
                    {
                        item.Cancel();
                        continue;
                    }

                    Execute(item);
                    if (++ran == IoFairnessBudget && _poller is not null)
                    {
                        break;
                    }
                }

                if (_flushes.Count != 0)
                {
                    RunFlushes(); // normally none: every work item flushes after itself (see Execute)
                }

                if (ran == IoFairnessBudget && _poller is { } busy)
                {
                    busy.Wait(0, _runIo); // posted work keeps coming: let the sockets have a turn, then go on
                    continue;
                }

                if (_stopping)
                {
                    break;
                }

                RtcIoPoller? poller = _poller;
                if (poller is null)
                {
                    _signal.Reset();
                }

                Interlocked.Exchange(ref _sleeping, 1);
                if (!_queue.IsEmpty || _stopping)
                {
                    Interlocked.Exchange(ref _sleeping, 0);
                    continue;
                }

                if (poller is not null)
                {
                    if (!poller.TryNapAndPoll(_runIo))
                    {
                        poller.Wait(-1, _runIo);
                    }
                }
                else
                {
                    _signal.Wait();
                }

                Interlocked.Exchange(ref _sleeping, 0);
            }

            // Anything posted in the race between the last drain and _stopping is cancelled, never lost silently.
            while (_queue.TryDequeue(out WorkItem late))
            {
                late.Cancel();
            }
        }
        finally
        {
            // Sockets still registered learn that their loop is over; _sleeping is 0 here, so no Wake() signals
            // the closed eventfd.
            RtcIoPoller? poller = _poller;
            _poller = null;
            poller?.Dispose();
            t_current = null;
            _exited.TrySetResult();
        }
    }

    /// <summary>A watched socket has data: run its handler like a work item.</summary>
    private void RunIo(IRtcIoHandler handler)
    {
        try
        {
            handler.OnReadable();
        }
        catch (Exception e)
        {
            ReportException(e);
        }

        EndWorkItem();
    }

    private void Execute(in WorkItem item)
    {
        try
        {
            item.Invoke();
        }
        catch (Exception e)
        {
            ReportException(e);
        }

        EndWorkItem();
    }

    /// <summary>After each work item or socket turn: the flushes it registered, then the count.</summary>
    private void EndWorkItem()
    {
        if (_flushes.Count != 0)
        {
            RunFlushes();
        }

        _processed++;
    }

    private void ReportException(Exception e)
    {
        BaseLog.UnhandledWorkException(_logger, Name, e);
        UnhandledException?.Invoke(this, new UnhandledExceptionEventArgs(e, false));
    }

    private void RunFlushes()
    {
        // By index: a flush may register another one, which then runs in this same round.
        for (int i = 0; i < _flushes.Count; i++)
        {
            try
            {
                _flushes[i].Flush();
            }
            catch (Exception e)
            {
                ReportException(e);
            }
        }

        _flushes.Clear();
    }

    private readonly struct WorkItem(Delegate? callback, object? state, Action<Delegate?, object?> invoker)
    {
        public void Invoke() => invoker(callback, state);

        public void Cancel() => (state as IInvocation)?.Cancel();
    }

    private static class Invokers
    {
        public static readonly Action<Delegate?, object?> Action = static (d, _) => ((Action)d!)();
        public static readonly Action<Delegate?, object?> SendOrPost = static (d, s) => ((SendOrPostCallback)d!)(s);
        public static readonly Action<Delegate?, object?> Invocation = static (_, s) => ((IInvocation)s!).Run();
    }

    private static class Invoker<TState>
    {
        public static readonly Action<Delegate?, object?> Instance = static (d, s) => ((Action<TState>)d!)((TState)s!);
    }

    private interface IInvocation
    {
        void Run();

        void Cancel();
    }

    private sealed class Invocation<T>(Func<T> func) : IInvocation
    {
        private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _tcs.Task;

        public void Run()
        {
            try
            {
                _tcs.TrySetResult(func());
            }
            catch (Exception e)
            {
                _tcs.TrySetException(e);
            }
        }

        public void Cancel() => _tcs.TrySetCanceled();
    }

    private sealed class DelayedWork(RtcThread owner, Action action) : IDisposable
    {
        private ITimer? _timer;
        private int _state; // 0 pending, 1 fired, 2 cancelled

        public void Start(TimeSpan delay)
        {
            var timer = owner._time.CreateTimer(static s => ((DelayedWork)s!).Fire(), this, delay, Timeout.InfiniteTimeSpan);
            _timer = timer;
            if (Volatile.Read(ref _state) != 0)
            {
                timer.Dispose();
            }
        }

        private void Fire()
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
            {
                return;
            }

            _timer?.Dispose();
            owner.Post(static w => w.RunOnThread(), this);
        }

        private void RunOnThread()
        {
            lock (owner._delayedLock)
            {
                if (!owner._delayed.Remove(this))
                {
                    return; // cancelled while queued
                }
            }

            action();
        }

        public void Dispose()
        {
            Interlocked.CompareExchange(ref _state, 2, 0);
            _timer?.Dispose();
            lock (owner._delayedLock)
            {
                owner._delayed.Remove(this);
            }
        }
    }
}
