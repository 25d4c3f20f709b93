using System.Text.Json.Nodes;
using Jingle.Net.Testing;

namespace Jingle.Net.Cli.Tests;

/// <summary>
/// Runs the built <c>jingle</c> command (jingle.dll next to the tests, from the project reference) as a child
/// process through <see cref="ExternalProcess"/>, which stops it by PID on dispose, and reads its <c>--json</c> line.
/// </summary>
internal static class JingleCli
{
    public static ExternalProcess Start(params string[] arguments)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "jingle.dll");
        Assert.True(File.Exists(dll), $"missing {dll}");
        string dotnet = Requires.FindProgram("dotnet") ?? throw new InvalidOperationException("dotnet not on PATH");
        return ExternalProcess.Start(dotnet, [dll, .. arguments]);
    }

    /// <summary>Waits for exit and returns the exit code and the one JSON object the command printed.</summary>
    public static async Task<(int ExitCode, JsonObject Result)> ResultAsync(ExternalProcess process, TimeSpan timeout)
    {
        int exit;
        try
        {
            exit = await process.WaitForExitAsync(timeout);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"jingle did not exit within {timeout}:\n{process.Output}");
        }

        string? line = process.Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'));
        Assert.True(line is not null, $"no JSON line (exit {exit}):\n{process.Output}");
        return (exit, JsonNode.Parse(line)!.AsObject());
    }

    /// <summary>A file of <paramref name="length"/> random bytes in a temp dir (deleted by the caller).</summary>
    public static string RandomFile(int length)
    {
        string path = Path.Combine(Path.GetTempPath(), $"jingle-cli-{Guid.NewGuid():N}.bin");
        byte[] data = new byte[length];
        Random.Shared.NextBytes(data);
        File.WriteAllBytes(path, data);
        return path;
    }

    public static long Long(this JsonObject o, string name) => o[name]!.GetValue<long>();

    public static string Text(this JsonObject o, string name) => o[name]!.GetValue<string>();
}
