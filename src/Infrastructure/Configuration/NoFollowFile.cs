using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Latch.Infrastructure.Configuration;

/// <summary>
/// Opens a file for reading only if its name is not a symbolic link, in the same step as the open (<c>O_NOFOLLOW</c>),
/// so a link swapped in after a check is refused too. .NET's own file opening always follows links.
/// </summary>
internal static class NoFollowFile
{
    /// <summary>Null when <paramref name="path"/> is a symbolic link; the open file otherwise.</summary>
    public static FileStream? OpenRead(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // Symbolic links need privileges there; the check before the open is what is on offer without native calls.
            return IsSymbolicLink(path) ? null : File.OpenRead(path);
        }

        var descriptor = Open(Encoding.UTF8.GetBytes(path + '\0'), NoFollow | CloseOnExec);
        if (descriptor < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == TooManyLinks)
            {
                return null;
            }

            throw new IOException($"The file {path} could not be opened: {Marshal.GetPInvokeErrorMessage(errno)}.", errno);
        }

        return new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Read);
    }

    /// <summary>The name itself, not what it points to (<c>lstat</c>).</summary>
    public static bool IsSymbolicLink(string path) => new FileInfo(path).LinkTarget is not null;

    // ELOOP, what open(O_NOFOLLOW) answers for a link.
    private static int TooManyLinks => OperatingSystem.IsLinux() ? 40 : 62;

    // The flags' values differ between kernels and, on Linux, between architectures.
    private static int NoFollow => OperatingSystem.IsLinux()
        ? RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000
        : 0x100;

    private static int CloseOnExec => OperatingSystem.IsLinux() ? 0x80000 : 0x1000000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] path, int flags);
}
