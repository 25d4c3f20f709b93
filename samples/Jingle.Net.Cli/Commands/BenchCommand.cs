using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle bench ...</c>: protocol benchmarks. Each benchmark is a subcommand in its own file
/// (<c>Bench&lt;Name&gt;Command.cs</c>) implementing <see cref="ISubcommand"/>; this class discovers them, so adding
/// one touches no other file.
/// </summary>
internal sealed class BenchCommand : ICliCommand
{
    /// <summary>One <c>jingle bench</c> subcommand.</summary>
    internal interface ISubcommand
    {
        Command Create();
    }

    public Command Create()
    {
        var bench = new Command("bench", "Protocol benchmarks over simulated links (loss, delay, bandwidth)");
        foreach (ISubcommand sub in Discover())
        {
            bench.Subcommands.Add(sub.Create());
        }

        return bench;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The sample is not trimmed.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "The sample is not trimmed.")]
    private static IEnumerable<ISubcommand> Discover() =>
        typeof(BenchCommand).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISubcommand).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (ISubcommand)Activator.CreateInstance(t)!);
}
