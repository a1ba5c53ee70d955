using Latch.Infrastructure.Security.Passwords;

namespace Latch.UnitTests.Infrastructure.Security;

public sealed class HashingThreadsTests
{
    [Fact]
    public async Task Work_runs_off_the_thread_pool_and_on_Linux_at_a_lower_priority()
    {
        using var threads = new HashingThreads();
        var (pooled, nice) = await threads.RunAsync(() => (Thread.CurrentThread.IsThreadPoolThread, CurrentNice()));
        Assert.False(pooled);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(Math.Max(HashingThreads.Niceness, ProcessNice()), nice);
        }
    }

    [Fact]
    public async Task A_free_thread_is_reused_and_an_exception_reaches_the_caller()
    {
        using var threads = new HashingThreads();
        var first = await threads.RunAsync(() => Environment.CurrentManagedThreadId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => threads.RunAsync<int>(() => throw new InvalidOperationException("boom")));
        var second = await threads.RunAsync(() => Environment.CurrentManagedThreadId);
        Assert.Equal(first, second);
    }

    // Field 19 of /proc/<pid>/task/<tid>/stat, after the parenthesised command name.
    private static int CurrentNice() => NiceOf("/proc/thread-self/stat");

    private static int ProcessNice() => NiceOf("/proc/self/stat");

    private static int NiceOf(string statPath)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var stat = File.ReadAllText(statPath);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }
}
