using System.Runtime.InteropServices;
using System.Text;

namespace Latch.Infrastructure.Configuration;

/// <summary>
/// Gives a finished file its final name only if no file has that name yet, in one step of the file system: of several
/// processes doing so at once, exactly one succeeds and the others get an <see cref="IOException"/>.
/// <c>File.Move(source, destination, overwrite: false)</c> is not that on Unix: it checks for the destination and then
/// renames, so a second process's rename can replace the first one's file between the two. A hard link is refused by
/// the kernel when the name is taken (<c>EEXIST</c>); on Windows the move itself is.
/// Some file systems refuse hard links altogether (<c>EPERM</c>, <c>ENOTSUP</c>, <c>EXDEV</c>: FAT, some network and
/// container mounts): there the plain move is the best on offer, and the caller is told it could not exclude a racer.
/// </summary>
internal static class ExclusiveMove
{
    // The same number on Linux and macOS.
    private const int AlreadyExists = 17;

    /// <summary>
    /// True when the move was exclusive; false when the file system refuses hard links and the file was moved by a plain
    /// move instead (still refused if the name was already taken when it looked), so a racer's move may have replaced
    /// it: the caller must read the file again rather than trust what it wrote.
    /// </summary>
    public static bool Move(string source, string destination)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(source, destination, overwrite: false);
            return true;
        }

        if (Link(NulTerminated(source), NulTerminated(destination)) == 0)
        {
            File.Delete(source);
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == AlreadyExists)
        {
            throw new IOException("The file could not be given its name: a file with that name exists.", errno);
        }

        File.Move(source, destination, overwrite: false);
        return false;
    }

    private static byte[] NulTerminated(string path) => Encoding.UTF8.GetBytes(path + '\0');

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Link(byte[] existing, byte[] created);
}
