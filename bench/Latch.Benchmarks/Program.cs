using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Latch.Infrastructure.Security.Passwords;

// dotnet Latch.Benchmarks.dll [BenchmarkDotNet arguments, e.g. --filter '*Json*']
// dotnet Latch.Benchmarks.dll bcrypt FACTOR COUNT   -> median milliseconds of one hash at FACTOR, on one thread
if (args is ["bcrypt", var factorText, var countText])
{
    var factor = int.Parse(factorText, CultureInfo.InvariantCulture);
    var count = int.Parse(countText, CultureInfo.InvariantCulture);
    var hasher = new BcryptPasswordHasher(factor, RandomNumberGenerator.GetBytes(32));
    hasher.Hash("warm up the JIT and the pre-hash");
    var times = new double[count];
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        hasher.Hash("correct horse battery staple");
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    Array.Sort(times);
    Console.WriteLine(times[count / 2].ToString("F1", CultureInfo.InvariantCulture));
    return 0;
}

// In-process: no per-benchmark project to generate and build; one launch, few iterations — enough on a shared machine
// for ratios and allocations, which is what docs/performance.md reports.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10))
    .WithOptions(ConfigOptions.DisableLogFile);
BenchmarkSwitcher.FromAssembly(typeof(Latch.Benchmarks.LatchApp).Assembly).Run(args, config);
return 0;
