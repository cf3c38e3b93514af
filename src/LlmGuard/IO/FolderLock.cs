using System.Globalization;
using System.Text;

namespace LlmGuard.IO;

/// <summary>
/// One writer at a time in a folder: a lock file (<see cref="FileName"/>) holding the writer's process id, locked with an
/// operating-system record lock that the kernel releases when the process ends however it ends, so the lock of a killed
/// process is stale the moment it dies and the next writer takes it over. A second writer fails at once with the holder's
/// process id; nobody waits. Within one process a set of held folders plays the same part (record locks are per process).
/// The file is deleted on release.
/// </summary>
internal sealed class FolderLock : IDisposable
{
    /// <summary>The lock file's name in the folder.</summary>
    public const string FileName = ".llmguard.lock";

    // The locked byte lies far beyond the file's text, so reading the holder's process id is never blocked (Windows locks
    // block reads of a locked range; POSIX record locks never block reads).
    private const long LockedByte = 1L << 30;

    private static readonly HashSet<string> HeldInProcess = new(StringComparer.Ordinal);

    private readonly FileStream stream;
    private readonly string path;
    private bool released;

    private FolderLock(string path, FileStream stream)
    {
        this.path = path;
        this.stream = stream;
    }

    /// <summary>Takes the folder's lock (creating the folder), or fails at once.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="purpose">What the holder does, for the message, e.g. "update the snapshots".</param>
    /// <exception cref="FolderInUseException">Another writer holds the lock; the message names its process id.</exception>
    public static FolderLock Acquire(string folder, string purpose)
    {
        var full = Path.GetFullPath(folder);
        Directory.CreateDirectory(full);
        var path = Path.Combine(full, FileName);
        lock (HeldInProcess)
        {
            if (!HeldInProcess.Add(path))
            {
                throw InUse(full, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), purpose);
            }
        }

        try
        {
            return Take(full, path, purpose);
        }
        catch
        {
            lock (HeldInProcess)
            {
                HeldInProcess.Remove(path);
            }

            throw;
        }
    }

    /// <summary>Releases the lock and deletes the lock file.</summary>
    public void Dispose()
    {
        if (released)
        {
            return;
        }

        released = true;
        try
        {
            // Deleted while still held, so no other writer can lock this file once it is gone from the folder.
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }

        stream.Dispose();
        lock (HeldInProcess)
        {
            HeldInProcess.Remove(path);
        }
    }

    private static FolderLock Take(string folder, string path, string purpose)
    {
        if (OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() || OperatingSystem.IsMacCatalyst())
        {
            // .NET has no record locks there: an exclusive open (an advisory flock, also released by the kernel) stands in,
            // and the holder's process id cannot be read while it is held.
            try
            {
                return Claim(path, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Delete));
            }
            catch (IOException exception) when (exception is not FolderInUseException)
            {
                throw InUse(folder, "unknown", purpose);
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            try
            {
                try
                {
                    stream.Lock(LockedByte, 1);
                }
                catch (IOException)
                {
                    throw InUse(folder, ReadHolder(stream), purpose);
                }

                // The previous holder deleted the file between our open and our lock: lock the file that is there now.
                if (!File.Exists(path) && attempt < 3)
                {
                    stream.Dispose();
                    continue;
                }

                return Claim(path, stream);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }
    }

    private static FolderLock Claim(string path, FileStream stream)
    {
        stream.SetLength(0);
        stream.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}\n")));
        stream.Flush(flushToDisk: true);
        return new FolderLock(path, stream);
    }

    private static string ReadHolder(FileStream stream)
    {
        try
        {
            stream.Position = 0;
            var buffer = new byte[32];
            var read = stream.Read(buffer);
            var text = Encoding.UTF8.GetString(buffer, 0, read).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid.ToString(CultureInfo.InvariantCulture) : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static FolderInUseException InUse(string folder, string holder, string purpose) =>
        new($"Cannot {purpose}: {folder} is in use by another llmguard writer (process id {holder}, holding {Path.Combine(folder, FileName)}). " +
            "One update, accept or prune runs at a time in a snapshots folder; wait for it to finish, or stop that process. A lock left by a killed process is taken over automatically.");
}
