using System.Runtime.CompilerServices;

// tests/Jingle.Net.Cli.Tests drives PcServer, PcServerRequest and the signaling clients in process.
[assembly: InternalsVisibleTo("Jingle.Net.Cli.Tests")]
