using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Latch.Infrastructure.Security.Passwords;

/// <summary>
/// Dedicated threads for bcrypt, one per busy hashing slot (made on first use, reused after), that run at a lower
/// scheduling priority than the request threads: <c>nice +10</c> on Linux, <c>BelowNormal</c> elsewhere. Bounding the
/// slots keeps hashing to one core each; the priority makes a token check that arrives while every core is hashing run
/// first (CFS gives a nice-10 thread about a tenth of a contended core), so other routes keep their latency during a
/// sign-in flood. With nothing else to run, hashing still gets whole cores: sign-in throughput is unchanged.
/// </summary>
internal sealed class HashingThreads : IDisposable
{
    /// <summary>The nice value of a hashing thread on Linux.</summary>
    public const int Niceness = 10;

    private readonly ConcurrentBag<Worker> _idle = [];
    private readonly ConcurrentBag<Worker> _all = [];

    public Task<T> RunAsync<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_idle.TryTake(out var worker))
        {
            worker = new Worker();
            _all.Add(worker);
        }

        worker.Post(() =>
        {
            T result;
            try
            {
                result = work();
            }
            catch (Exception exception)
            {
                // Back in the pool before the caller resumes (and frees its slot): never more workers than slots.
                _idle.Add(worker);
                completion.SetException(exception);
                return;
            }

            _idle.Add(worker);
            completion.SetResult(result);
        });
        return completion.Task;
    }

    public void Dispose()
    {
        foreach (var worker in _all)
        {
            worker.Dispose();
        }
    }

    private static void LowerPriority()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // /proc/thread-self -> "<pid>/task/<tid>": the kernel id of this thread, which setpriority(2) takes.
                var target = new DirectoryInfo("/proc/thread-self").LinkTarget;
                if (target is not null && int.TryParse(Path.GetFileName(target), out var tid))
                {
                    _ = SetPriority(0 /* PRIO_PROCESS: a thread id on Linux */, tid, Niceness);
                }
            }
            else
            {
                Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or DllNotFoundException or
                                              EntryPointNotFoundException or PlatformNotSupportedException)
        {
            // Best effort: at normal priority the slots still bound the hashing.
        }
    }

    [DllImport("libc", EntryPoint = "setpriority")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);

    private sealed class Worker : IDisposable
    {
        private readonly BlockingCollection<Action> _inbox = new(1);

        public Worker()
        {
            var thread = new Thread(Run) { IsBackground = true, Name = "latch-bcrypt" };
            thread.Start();
        }

        public void Post(Action work) => _inbox.Add(work);

        public void Dispose() => _inbox.CompleteAdding();

        private void Run()
        {
            LowerPriority();
            foreach (var work in _inbox.GetConsumingEnumerable())
            {
                work();
            }
        }
    }
}
