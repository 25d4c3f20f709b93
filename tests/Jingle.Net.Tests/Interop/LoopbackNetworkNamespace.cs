using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Jingle.Net.Tests.Interop;

/// <summary>
/// A named network namespace (<c>ip netns add jn-…</c>) whose only interface is <c>lo</c>, up. Programs run inside
/// it through <see cref="Command"/> (<c>ip netns exec NAME …</c>); .NET code runs inside it on a thread that has
/// joined it (<see cref="RunAsync{T}"/> or <see cref="EnterCurrentThread"/>): sockets created on that thread live in
/// the namespace for their whole life, whichever thread uses them later. So a test can put Chromium AND our own
/// peer's sockets on the same private loopback, and nothing can reach any other interface. Needs root. Deleted on
/// dispose (its processes must be stopped first).
/// </summary>
public sealed partial class LoopbackNetworkNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private readonly Lock _lock = new();
    private NamespaceThread? _thread;

    private LoopbackNetworkNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>/run/netns/NAME, the handle <c>setns(2)</c> takes.</summary>
    public string Path => "/run/netns/" + Name;

    /// <summary>Skips (fails under CI) without root or <c>ip</c>; creates the namespace and brings <c>lo</c> up.</summary>
    public static LoopbackNetworkNamespace Create()
    {
        Requires.Root();
        Requires.Program("ip", "apt-get install iproute2");
        DeleteStale();
        string name = "jn-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        Run("ip", "netns", "add", name);
        var ns = new LoopbackNetworkNamespace(name);
        try
        {
            Run("ip", "-n", name, "link", "set", "lo", "up");
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary><paramref name="command"/> prefixed to run inside the namespace: <c>ip netns exec NAME …</c>.</summary>
    public string[] Command(params string[] command) => ["ip", "netns", "exec", Name, .. command];

    /// <summary>Moves the calling OS thread (only it) into the namespace; sockets it creates from now on live there.</summary>
    public void EnterCurrentThread()
    {
        using SafeFileHandle handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read);
        if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns({Path}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Runs <paramref name="work"/> on a new thread that has joined the namespace.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new System.Threading.Thread(() =>
        {
            try
            {
                EnterCurrentThread();
                tcs.SetResult(work());
            }
            catch (Exception e)
            {
                tcs.SetException(e);
            }
        })
        { IsBackground = true, Name = "netns " + Name };
        thread.Start();
        return tcs.Task;
    }

    /// <summary>
    /// <see cref="JingleEnvironment.CreateDefault"/> with its sockets and network enumeration moved into this
    /// namespace: give it to our PeerConnectionFactory and our peer talks to Chromium here (lo is its only network,
    /// so gather with a filter that includes loopback).
    /// </summary>
    public JingleEnvironment CreateEnvironment(ILoggerFactory? loggerFactory = null)
    {
        JingleEnvironment defaults = JingleEnvironment.CreateDefault(loggerFactory);
        NamespaceThread thread = Thread;
        return defaults with
        {
            SocketFactory = new NamespacedSocketFactory(thread, defaults.SocketFactory),
            NetworkManager = new NamespacedNetworkManager(thread, defaults.NetworkManager),
        };
    }

    /// <summary>The long-lived thread inside this namespace (created on first use).</summary>
    internal NamespaceThread Thread
    {
        get
        {
            lock (_lock)
            {
                return _thread ??= new NamespaceThread(this);
            }
        }
    }

    /// <summary>Runs <paramref name="func"/> synchronously on the long-lived thread inside this namespace.</summary>
    public T Invoke<T>(Func<T> func) => Thread.Invoke(func);

    /// <summary>A socket factory whose sockets live in this namespace (what <see cref="CreateEnvironment"/> uses).</summary>
    public IPacketSocketFactory CreateSocketFactory() => CreateEnvironment().SocketFactory;

    public void Dispose()
    {
        lock (_lock)
        {
            _thread?.Dispose();
            _thread = null;
        }

        try
        {
            Run("ip", "netns", "delete", Name);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Deletes jn-PID-* namespaces left by test processes that died before disposing them.</summary>
    private static void DeleteStale()
    {
        if (!Directory.Exists("/run/netns"))
        {
            return;
        }

        foreach (string path in Directory.GetFiles("/run/netns", "jn-*"))
        {
            string[] parts = System.IO.Path.GetFileName(path).Split('-');
            if (parts.Length == 3 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int pid) && !Directory.Exists("/proc/" + parts[1]))
            {
                try
                {
                    Run("ip", "netns", "delete", System.IO.Path.GetFileName(path));
                }
                catch (InvalidOperationException)
                {
                }
            }
        }
    }

    private static void Run(string fileName, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
