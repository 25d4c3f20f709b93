using BenchmarkDotNet.Running;

// Run everything: dotnet run -c Release --project benchmarks/Jingle.Net.Benchmarks -- --filter '*'
// One class:      ... -- --filter '*RtcThreadBenchmarks*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
