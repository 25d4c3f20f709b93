using System.Runtime.InteropServices;

namespace Jingle.Net.Base.Threading;

/// <summary>A socket an <see cref="RtcThread"/> watches for data (see <see cref="RtcThread.TryRegisterReadable"/>).</summary>
internal interface IRtcIoHandler
{
    /// <summary>
    /// Data is queued on the socket. Runs on the thread like a work item (end-of-work flushes follow). Take what is
    /// queued, at most a budget's worth: the poll is level-triggered, so whatever is left makes the next poll ready
    /// again after other work had its turn.
    /// </summary>
    void OnReadable();

    /// <summary>The thread stopped with the socket still registered: the registration is gone, the loop is over.</summary>
    void OnPollerClosed();
}

/// <summary>
/// libjingle's <c>PhysicalSocketServer</c> for one <see cref="RtcThread"/> on Linux: an epoll(7) instance holding the
/// thread's UDP sockets and an eventfd(2) that <see cref="RtcThread"/> writes to wake it. An idle thread sleeps in
/// epoll_wait, so a datagram reaching a registered socket is handled by the thread itself, with no socket-engine
/// thread, thread-pool hop or posted work item in between (three thread wake-ups per datagram burst before: .NET's
/// epoll thread, a pool worker, then this thread). No reference on the socket handle is held (.NET's Socket.Dispose
/// spins until every reference is released): a socket closed from another thread simply leaves the epoll set, and
/// its registration is dropped later on the thread without touching the descriptor number. Everything but
/// <see cref="Signal"/> runs on the thread.
/// </summary>
internal sealed unsafe partial class RtcIoPoller : IDisposable
{
    private const string Libc = "libc";
    private const int EpollCloexec = 0x80000;
    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const uint EpollIn = 0x001;
    private const int EfdCloexec = 0x80000;
    private const int EfdNonblock = 0x800;
    private const int MaxEvents = 64;

    // struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly int _epoll;
    private readonly int _eventFd;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _eventHandle;
    private readonly byte* _events;
    private readonly Dictionary<long, Registration> _registrations = [];
    private long _nextId = 1;
    private bool _disposed;

    private RtcIoPoller(int epoll, int eventFd)
    {
        _epoll = epoll;
        _eventFd = eventFd;
        _eventHandle = new Microsoft.Win32.SafeHandles.SafeFileHandle(eventFd, ownsHandle: true);
        _events = (byte*)NativeMemory.AllocZeroed((nuint)(MaxEvents * EventSize));
    }

    /// <summary>Registered sockets.</summary>
    public int Count => _registrations.Count;

    /// <summary>An epoll set with its wake-up eventfd, or null where there is none (not Linux, or the calls fail).</summary>
    public static RtcIoPoller? TryCreate(out string? error)
    {
        error = null;
        if (!OperatingSystem.IsLinux())
        {
            error = "not Linux";
            return null;
        }

        int epoll = EpollCreate1(EpollCloexec);
        if (epoll < 0)
        {
            error = "epoll_create1: errno " + Marshal.GetLastPInvokeError().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return null;
        }

        int eventFd = EventFd(0, EfdCloexec | EfdNonblock);
        if (eventFd < 0)
        {
            error = "eventfd: errno " + Marshal.GetLastPInvokeError().ToString(System.Globalization.CultureInfo.InvariantCulture);
            Close(epoll);
            return null;
        }

        var poller = new RtcIoPoller(epoll, eventFd);
        poller.OpenSchedstat();
        if (poller.Control(EpollCtlAdd, eventFd, 0) != 0)
        {
            error = "epoll_ctl(eventfd): errno " + Marshal.GetLastPInvokeError().ToString(System.Globalization.CultureInfo.InvariantCulture);
            poller.Dispose();
            return null;
        }

        return poller;
    }

    /// <summary>Watches <paramref name="socket"/> for input; returns the registration id, or 0 when refused.</summary>
    public long Register(SafeHandle socket, IRtcIoHandler handler)
    {
        if (socket.IsClosed || socket.IsInvalid)
        {
            return 0;
        }

        long id = _nextId++;
        if (Control(EpollCtlAdd, (int)socket.DangerousGetHandle(), id) != 0)
        {
            return 0;
        }

        _registrations.Add(id, new Registration(socket, handler));
        return id;
    }

    /// <summary>
    /// Stops watching. A socket already closed left the epoll set with its descriptor (the kernel drops a closed
    /// file's registrations), so its number, which may belong to a new socket by now, is not touched.
    /// </summary>
    public bool Unregister(long id)
    {
        if (!_registrations.Remove(id, out Registration registration))
        {
            return false;
        }

        if (!registration.Socket.IsClosed)
        {
            Control(EpollCtlDel, (int)registration.Socket.DangerousGetHandle(), id);
        }

        return true;
    }

    /// <summary>
    /// Wakes a thread sleeping in <see cref="Wait"/> (any thread). <see cref="RtcThread"/> calls it only for a thread
    /// that said it sleeps, so there is one write per sleep at most. The eventfd is held by a SafeHandle: a waker
    /// racing the thread's exit either writes before the descriptor is closed or finds it disposed, never writes to
    /// a reused descriptor number.
    /// </summary>
    public void Signal()
    {
        bool added = false;
        try
        {
            _eventHandle.DangerousAddRef(ref added);
            ulong one = 1;
            _ = Write(_eventFd, &one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // the thread has exited: nothing to wake
        }
        finally
        {
            if (added)
            {
                _eventHandle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> (-1: until something happens) and runs <paramref name="run"/> for
    /// each socket that has data. Returns how many sockets were ready (a wake-up by <see cref="Signal"/> is not one).
    /// </summary>
    public int Wait(int timeoutMs, Action<IRtcIoHandler> run)
    {
        int count = EpollWait(_epoll, _events, MaxEvents, timeoutMs);
        if (count <= 0)
        {
            return 0; // a timeout, or EINTR: the caller's loop comes back
        }

        int ready = 0;
        for (int i = 0; i < count; i++)
        {
            long id = *(long*)(_events + (i * EventSize) + DataOffset);
            if (id == 0)
            {
                ulong value;
                _ = Read(_eventFd, &value, sizeof(ulong)); // drain; EAGAIN when another wait drained it already
                continue;
            }

            // A handler run earlier in this round may have unregistered another socket: skip it.
            if (_registrations.TryGetValue(id, out Registration registration))
            {
                ready++;
                run(registration.Handler);
            }
        }

        if (ready != 0)
        {
            NoteIo();
        }

        return ready;
    }

    /// <summary>Closes the epoll set; sockets still registered are told (<see cref="IRtcIoHandler.OnPollerClosed"/>).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach ((long id, Registration registration) in _registrations.ToArray())
        {
            Unregister(id);
            registration.Handler.OnPollerClosed();
        }

        _eventHandle.Dispose();
        Close(_epoll);
        if (_schedstat >= 0)
        {
            Close(_schedstat);
            _schedstat = -1;
        }

        NativeMemory.Free(_events);
    }

    private int Control(int operation, int fd, long id)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = EpollIn;
        *(long*)(ev + DataOffset) = id;
        return EpollCtl(_epoll, operation, fd, ev);
    }

    private readonly record struct Registration(SafeHandle Socket, IRtcIoHandler Handler);

    [LibraryImport(Libc, EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport(Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epoll, int operation, int fd, byte* ev);

    [LibraryImport(Libc, EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeout);

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    private static partial int EventFd(uint initial, int flags);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
