using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LlmGuard.IO;

/// <summary>
/// Writes files so that a reader (or a process killed mid-write) sees either the old or the new complete content:
/// the bytes go to a hidden temporary file in the same folder, are flushed to disk, then renamed over the target.
/// A temporary file is named <c>.&lt;target&gt;.&lt;writer's process id&gt;.&lt;guid&gt;.tmp</c>, so a later writer can tell
/// the leftover of a killed process (its process is gone) from a write still in progress.
/// </summary>
internal static partial class AtomicFile
{
    /// <summary>The suffix of the temporary files.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Whether a file name is one of this class's temporary files (of any writer, alive or not).</summary>
    public static bool IsTemporary(string fileName) => TemporaryName().IsMatch(fileName);

    /// <summary>The name of the file a temporary file was going to replace, or null when the name is not a temporary file's.</summary>
    public static string? TargetOf(string fileName) => TemporaryName().Match(fileName) is { Success: true } match ? match.Groups["target"].Value : null;

    /// <summary>
    /// Whether a temporary file is a leftover: its writer (named in the file name) is no longer running, or it was written by an
    /// older version that did not name its writer. Safe to delete; a live writer's file is not stale.
    /// </summary>
    public static bool IsStale(string fileName)
    {
        var match = TemporaryName().Match(fileName);
        if (!match.Success)
        {
            return false;
        }

        if (!match.Groups["pid"].Success)
        {
            return true;
        }

        var pid = int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
        return pid != Environment.ProcessId && !IsRunning(pid);
    }

    /// <summary>Replaces (or creates) <paramref name="path"/> with <paramref name="bytes"/> atomically, creating its folder.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporarySuffix}"));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\.(?<target>.+?)\.(?:(?<pid>[0-9]{1,10})\.)?[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();
}
