using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Jingle.Net.Cli;

var root = new RootCommand("jingle — Jingle.Net samples: WebRTC / libjingle in .NET");
foreach (ICliCommand command in DiscoverCommands())
{
    root.Subcommands.Add(command.Create());
}

return await root.Parse(args).InvokeAsync();

[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The sample is not trimmed; commands are discovered by reflection.")]
[UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "The sample is not trimmed.")]
static IEnumerable<ICliCommand> DiscoverCommands() =>
    typeof(ICliCommand).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .Select(t => (ICliCommand)Activator.CreateInstance(t)!);
