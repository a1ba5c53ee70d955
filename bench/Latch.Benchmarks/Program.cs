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

// dotnet Latch.Benchmarks.dll bcrypt-parallel FACTOR SECONDS -> hashes per second with one hashing thread per core
if (args is ["bcrypt-parallel", var parallelFactor, var secondsText])
{
    var hasher = new BcryptPasswordHasher(int.Parse(parallelFactor, CultureInfo.InvariantCulture), RandomNumberGenerator.GetBytes(32));
    hasher.Hash("warm up the JIT and the pre-hash");
    var until = Stopwatch.GetTimestamp() + (long)(double.Parse(secondsText, CultureInfo.InvariantCulture) * Stopwatch.Frequency);
    var started = Stopwatch.GetTimestamp();
    var hashes = 0;
    var threads = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() =>
    {
        while (Stopwatch.GetTimestamp() < until)
        {
            hasher.Hash("correct horse battery staple");
            Interlocked.Increment(ref hashes);
        }
    })).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());
    Console.WriteLine((hashes / Stopwatch.GetElapsedTime(started).TotalSeconds).ToString("F2", CultureInfo.InvariantCulture));
    return 0;
}

// In-process: no per-benchmark project to generate and build; one launch, few iterations — enough on a shared machine
// for ratios and allocations, which is what docs/performance.md reports.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10))
    .WithOptions(ConfigOptions.DisableLogFile);
BenchmarkSwitcher.FromAssembly(typeof(Latch.Benchmarks.LatchApp).Assembly).Run(args, config);
return 0;
