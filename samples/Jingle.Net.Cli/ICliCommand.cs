using System.CommandLine;

namespace Jingle.Net.Cli;

/// <summary>
/// One subcommand of <c>jingle</c>. Each lives in its own file under Commands/ and reads like a sample of embedding
/// the library; Program discovers them, so adding a command touches no other file.
/// </summary>
internal interface ICliCommand
{
    /// <summary>Builds the System.CommandLine command, with its action set.</summary>
    Command Create();
}
