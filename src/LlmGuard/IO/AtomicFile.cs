namespace LlmGuard.IO;

/// <summary>
/// Writes files so that a reader (or a process killed mid-write) sees either the old or the new complete content:
/// the bytes go to a hidden temporary file in the same folder, are flushed to disk, then renamed over the target.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The suffix of the temporary files; a leftover one (from a killed process) is safe to delete.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Whether a file name is one of this class's temporary files.</summary>
    public static bool IsTemporary(string fileName) => fileName.StartsWith('.') && fileName.EndsWith(TemporarySuffix, StringComparison.Ordinal);

    /// <summary>Replaces (or creates) <paramref name="path"/> with <paramref name="bytes"/> atomically, creating its folder.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TemporarySuffix}");
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
}
