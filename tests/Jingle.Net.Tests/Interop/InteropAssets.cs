using System.Runtime.CompilerServices;

namespace Jingle.Net.Tests.Interop;

/// <summary>Finds the harness assets (aiortc_peer.py, chromium_peer.html): next to the test binary, else in the source tree.</summary>
public static class InteropAssets
{
    public static string Path(string fileName) => Find(fileName);

    private static string Find(string fileName, [CallerFilePath] string sourcePath = "")
    {
        string copied = System.IO.Path.Combine(AppContext.BaseDirectory, "Interop", "Assets", fileName);
        if (File.Exists(copied))
        {
            return copied;
        }

        string fromSource = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(sourcePath) ?? ".", "Assets", fileName);
        if (File.Exists(fromSource))
        {
            return fromSource;
        }

        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = System.IO.Path.Combine(d.FullName, "tests", "Jingle.Net.Tests", "Interop", "Assets", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Interop asset {fileName} not found from {AppContext.BaseDirectory}");
    }
}
