using System.Runtime.InteropServices;
using System.Text;

namespace Latch.Infrastructure.Configuration;

/// <summary>
/// Gives a finished file its final name only if no file has that name yet, in one step of the file system: of several
/// processes doing so at once, exactly one succeeds and the others get an <see cref="IOException"/>.
/// <c>File.Move(source, destination, overwrite: false)</c> is not that on Unix: it checks for the destination and then
/// renames, so a second process's rename can replace the first one's file between the two. A hard link is refused by
/// the kernel when the name is taken (<c>EEXIST</c>); on Windows the move itself is.
/// </summary>
internal static class ExclusiveMove
{
    public static void Move(string source, string destination)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(source, destination, overwrite: false);
            return;
        }

        if (Link(NulTerminated(source), NulTerminated(destination)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"The file could not be given its name (errno {errno}).", errno);
        }

        File.Delete(source);
    }

    private static byte[] NulTerminated(string path) => Encoding.UTF8.GetBytes(path + '\0');

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Link(byte[] existing, byte[] created);
}
