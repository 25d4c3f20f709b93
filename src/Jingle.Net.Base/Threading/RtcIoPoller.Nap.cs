using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Jingle.Net.Base.Threading;

// Naps instead of blocking while datagrams flow, when a core is free (see TryNapAndPoll).
internal sealed unsafe partial class RtcIoPoller
{
    private const int ORdonly = 0;
    private const int OCloexec = 0x80000;

    /// <summary>How long a nap lasts (the kernel's timer slack, 50 µs by default, comes on top).</summary>
    private static readonly long NapNanoseconds = 20_000;

    /// <summary>Naps only within this long after the last datagram: an idle thread blocks and costs nothing.</summary>
    private static readonly long ActiveWindowTicks = Stopwatch.Frequency / 500; // 2 ms

    /// <summary>How often the thread's run-queue delay is sampled.</summary>
    private static readonly long ContentionPeriodTicks = Stopwatch.Frequency / 20; // 50 ms

    /// <summary>Run-queue delay, as a share of the period, above which the cores are taken and naps would cost others CPU.</summary>
    private const double MaxContention = 0.02;

    /// <summary>1 naps whenever datagrams flow, -1 never naps, 0 (default) decides by contention (tests set it).</summary>
    public int NapPolicy { get; set; }

    private static readonly bool NapDisabled = Environment.GetEnvironmentVariable("JINGLE_NET_NO_NAP") == "1";

    private int _schedstat = -1;
    private long _lastIo;
    private long _periodStart;
    private long _periodRunDelay = -1;
    private bool _napAllowed;

    /// <summary>Naps taken (diagnostics).</summary>
    public long Naps { get; private set; }

    /// <summary>
    /// Called instead of a blocking <see cref="Wait"/>: while datagrams have arrived within the last 2 ms and the
    /// thread's cores are not contended, sleeps 20 µs (nanosleep) and polls once, returning true (the caller loops);
    /// otherwise returns false and the caller blocks. A thread blocked in epoll_wait is woken by every datagram, and
    /// the sender pays for that wake-up: on these VMs an inter-processor interrupt is a VM exit, charged to the
    /// sending process. aiortc SACKs every packet and spent 0.84–0.98 s of kernel time per 64 MiB it received from
    /// us (0.24–0.33 s from another aiortc); with naps far less, and it takes our data ~20% faster, at no more CPU here.
    /// Naps are timer wake-ups of this thread, so they are only taken while the thread itself waits little for a
    /// core (run-queue delay from /proc/thread-self/schedstat under 2% over 50 ms): when the cores are busy (a
    /// browser on the same machine), they would take CPU from others, and the thread blocks as before. Posted work
    /// waits for the end of a nap at most (Signal writes the eventfd, drained by the poll).
    /// </summary>
    public bool TryNapAndPoll(Action<IRtcIoHandler> run)
    {
        long now = Stopwatch.GetTimestamp();
        if (NapDisabled || NapPolicy < 0 || now - _lastIo > ActiveWindowTicks || !NapAllowed(now))
        {
            return false;
        }

        Naps++;
        var request = new Timespec { Seconds = 0, Nanoseconds = NapNanoseconds };
        _ = Nanosleep(&request, null);
        Wait(0, run);
        return true;
    }

    /// <summary>Datagrams were handled: the thread counts as active for the next 2 ms.</summary>
    private void NoteIo() => _lastIo = Stopwatch.GetTimestamp();

    private bool NapAllowed(long now)
    {
        if (NapPolicy > 0)
        {
            return true;
        }

        if (_schedstat < 0 || now - _periodStart < ContentionPeriodTicks)
        {
            return _napAllowed && _schedstat >= 0;
        }

        long runDelay = ReadRunDelayNanoseconds();
        if (runDelay < 0)
        {
            Close(_schedstat);
            _schedstat = -1; // no schedstat (kernel without CONFIG_SCHEDSTATS): never nap
            _napAllowed = false;
            return false;
        }

        double periodNs = (now - _periodStart) * (1e9 / Stopwatch.Frequency);
        _napAllowed = _periodRunDelay >= 0 && (runDelay - _periodRunDelay) < MaxContention * periodNs;
        _periodRunDelay = runDelay;
        _periodStart = now;
        return _napAllowed;
    }

    /// <summary>Opens this thread's schedstat (on the thread: /proc/thread-self names the caller).</summary>
    private void OpenSchedstat()
    {
        byte* path = stackalloc byte[32];
        ReadOnlySpan<byte> name = "/proc/thread-self/schedstat\0"u8;
        name.CopyTo(new Span<byte>(path, 32));
        _schedstat = Open(path, ORdonly | OCloexec);
    }

    /// <summary>The second field of /proc/thread-self/schedstat: nanoseconds spent runnable but waiting for a core.</summary>
    private long ReadRunDelayNanoseconds()
    {
        byte* buffer = stackalloc byte[96];
        nint n = PRead(_schedstat, buffer, 96, 0);
        if (n <= 0)
        {
            return -1;
        }

        var text = new ReadOnlySpan<byte>(buffer, (int)n);
        int space = text.IndexOf((byte)' ');
        if (space < 0)
        {
            return -1;
        }

        long value = 0;
        int digits = 0;
        for (int i = space + 1; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++, digits++)
        {
            value = (value * 10) + (text[i] - '0');
        }

        return digits == 0 ? -1 : value;
    }

    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport(Libc, EntryPoint = "nanosleep", SetLastError = true)]
    private static partial int Nanosleep(Timespec* request, Timespec* remaining);

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true)]
    private static partial int Open(byte* path, int flags);

    [LibraryImport(Libc, EntryPoint = "pread", SetLastError = true)]
    private static partial nint PRead(int fd, void* buffer, nuint count, long offset);
}
