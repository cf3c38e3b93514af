using System.Runtime.InteropServices;

namespace LlmGuard.IO;

/// <summary>
/// Reads a file named as a suite, refusing what is not a regular file — a FIFO would block forever, a device such as
/// <c>/dev/zero</c> never ends, a socket cannot be read — and anything larger than <see cref="MaxBytes"/>, so a hostile
/// path can neither hang nor exhaust the loader.
/// </summary>
internal static partial class SuiteFileReader
{
    /// <summary>The largest suite file read: 64 MiB (a suite with a 20 MB prompt still loads).</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    /// <summary>The file's bytes, or null with <paramref name="problem"/> saying why it is not read.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static byte[]? Read(string path, out string? problem)
    {
        if (KindOf(path) is { } kind)
        {
            problem = $"it is {kind}, not a regular file; only regular files are read as suites";
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (stream.CanSeek && stream.Length > MaxBytes)
        {
            problem = $"it is {stream.Length:N0} bytes long; suite files are read up to {MaxBytes / (1024 * 1024)} MiB";
            return null;
        }

        if (stream.CanSeek && stream.Length > 0)
        {
            // The common case: a regular file of known length, read into an array of exactly that size.
            var bytes = new byte[stream.Length];
            var filled = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (filled == bytes.Length && stream.ReadByte() < 0)
            {
                problem = null;
                return bytes;
            }

            stream.Position = 0;
        }

        // The length is checked again while reading: a file can grow, and some files report no length.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                problem = $"it is longer than {MaxBytes / (1024 * 1024)} MiB, the most read from a suite file";
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        problem = null;
        return buffer.ToArray();
    }

    /// <summary>What the path is when it is not a regular file (after following links), or null for a regular file or when it cannot be told.</summary>
    internal static string? KindOf(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return null;
        }

        // The runtime's own stat (System.Native, shipped with every .NET on Unix): its result starts with two 32-bit fields,
        // flags then st_mode, a layout unchanged since .NET Core 1.0. The buffer is larger than the whole structure.
        var status = new byte[512];
        try
        {
            if (Stat(path, status) != 0)
            {
                return null;
            }
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        return (BitConverter.ToInt32(status, 4) & FileTypeMask) switch
        {
            RegularFile => null,
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            0x4000 => "a folder",
            _ => "not a regular file",
        };
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
}
