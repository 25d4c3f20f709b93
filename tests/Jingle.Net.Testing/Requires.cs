namespace Jingle.Net.Testing;

/// <summary>
/// Prerequisite checks for tests that need root, an installed program or a library. Outside CI a missing
/// prerequisite skips the test with the reason; with CI=true it fails the test, because scripts/test.sh installs
/// everything and a skip there would hide a broken install step.
/// </summary>
public static class Requires
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    /// <summary>The test needs root.</summary>
    public static void Root()
    {
        if (!IsRoot)
        {
            Missing("needs root (network namespaces / nftables)");
        }
    }

    /// <summary>The test needs <paramref name="program"/> on PATH (or at an absolute path); returns its full path.</summary>
    public static string Program(string program, string? installHint = null)
    {
        string? path = FindProgram(program);
        if (path is null)
        {
            Missing($"needs '{program}'" + (installHint is null ? string.Empty : $" ({installHint})"));
        }

        return path!;
    }

    /// <summary>The test needs a file (a shared library, a browser binary).</summary>
    public static void File(string path, string? installHint = null)
    {
        if (!System.IO.File.Exists(path))
        {
            Missing($"needs '{path}'" + (installHint is null ? string.Empty : $" ({installHint})"));
        }
    }

    public static string? FindProgram(string program)
    {
        if (Path.IsPathRooted(program))
        {
            return System.IO.File.Exists(program) ? program : null;
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
                     .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]))
        {
            string candidate = Path.Combine(dir, program);
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void Missing(string reason)
    {
        if (IsCi)
        {
            Assert.Fail($"Prerequisite missing under CI: {reason}. scripts/test.sh should have installed it.");
        }

        Assert.Skip($"Skipped: {reason}. Run ./scripts/test.sh (as root) to install and run it.");
    }
}
