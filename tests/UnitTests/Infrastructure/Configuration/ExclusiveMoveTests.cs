using Latch.Infrastructure.Configuration;

namespace Latch.UnitTests.Infrastructure.Configuration;

/// <summary>
/// A file system that refuses the hard link: the kernel refuses a link across mounts (<c>EXDEV</c>) as it refuses one on
/// a file system without links, so a file on <c>/dev/shm</c> (tmpfs on Linux) moved into the temporary directory meets
/// the same refusal a development machine's odd mount does.
/// </summary>
public sealed class ExclusiveMoveTests : IDisposable
{
    private const string OtherMount = "/dev/shm";
    private readonly string _root = Directory.CreateTempSubdirectory("latch-exclusive-move-").FullName;
    private readonly string _elsewhere = Path.Combine(OtherMount, $"latch-exclusive-move-{Guid.NewGuid():N}");

    [SkippableFact]
    public void A_refused_hard_link_falls_back_to_a_plain_move_that_still_refuses_a_taken_name()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && Directory.Exists(OtherMount),
            "SKIPPED: needs Linux's /dev/shm, a mount of its own, to meet a refused hard link");
        Skip.If(_root.StartsWith(OtherMount + "/", StringComparison.Ordinal),
            "SKIPPED: the temporary directory is on /dev/shm itself, so no link between them is refused (set TMPDIR elsewhere)");
        File.WriteAllText(_elsewhere, "first");
        var destination = Path.Combine(_root, "dev-pepper.txt");

        Assert.False(ExclusiveMove.Move(_elsewhere, destination));

        Assert.Equal("first", File.ReadAllText(destination));
        Assert.False(File.Exists(_elsewhere));
        File.WriteAllText(_elsewhere, "second");
        Assert.ThrowsAny<IOException>(() => ExclusiveMove.Move(_elsewhere, destination));
        Assert.Equal("first", File.ReadAllText(destination));
    }

    [Fact]
    public void On_one_file_system_the_move_is_exclusive_and_refuses_a_taken_name()
    {
        var source = Path.Combine(_root, "source.tmp");
        var destination = Path.Combine(_root, "dev-pepper.txt");
        File.WriteAllText(source, "first");

        Assert.True(ExclusiveMove.Move(source, destination));

        Assert.Equal("first", File.ReadAllText(destination));
        Assert.False(File.Exists(source));
        File.WriteAllText(source, "second");
        Assert.ThrowsAny<IOException>(() => ExclusiveMove.Move(source, destination));
        Assert.Equal("first", File.ReadAllText(destination));
    }

    public void Dispose()
    {
        File.Delete(_elsewhere);
        Directory.Delete(_root, recursive: true);
    }
}
