using LlmGuard.IO;

namespace LlmGuard.Tests.IO;

public sealed class FolderLockTests
{
    private string folder = "";

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("llmguard-lock-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public void A_second_writer_fails_at_once_naming_the_holder_and_may_write_once_it_is_released()
    {
        using (var first = FolderLock.Acquire(folder, "update the snapshots"))
        {
            var refused = Assert.Throws<FolderInUseException>(() => FolderLock.Acquire(folder, "prune the snapshots"));
            Assert.That(refused!.Message, Does.Contain($"process id {Environment.ProcessId}").And.StartWith("Cannot prune the snapshots:"));
            Assert.That(File.ReadAllText(Path.Combine(folder, FolderLock.FileName)).Trim(), Is.EqualTo(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.That(File.Exists(Path.Combine(folder, FolderLock.FileName)), Is.False, "the lock file goes with the lock");
        using var second = FolderLock.Acquire(folder, "update the snapshots");
        Assert.That(second, Is.Not.Null);
    }

    [Test]
    public void A_lock_file_left_behind_without_a_living_holder_is_taken_over()
    {
        File.WriteAllText(Path.Combine(folder, FolderLock.FileName), "999999\n");

        using var taken = FolderLock.Acquire(folder, "update the snapshots");

        Assert.That(File.ReadAllText(Path.Combine(folder, FolderLock.FileName)).Trim(), Is.EqualTo(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
