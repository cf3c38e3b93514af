using System.CommandLine;
using LlmGuard.Gating;
using LlmGuard.IO;
using LlmGuard.Snapshots;
using LlmGuard.Text;

namespace LlmGuard.Cli;

/// <summary>
/// <c>llmguard prune</c>: delete snapshot files that belong to no case. Only files that can only be LlmGuard's are considered
/// (<see cref="SnapshotStore.FindOrphanFiles"/>), everything is listed before anything is deleted, and files of whole suites
/// that are not in the loaded set (a deleted suite, or a wrong --suites or --snapshots) are deleted only with --yes or a
/// confirmation on a terminal.
/// </summary>
internal static class PruneCommand
{
    public static Command Create(CliContext context)
    {
        var suites = CommonOptions.Suites();
        var snapshots = CommonOptions.Snapshots();
        var dryRun = new Option<bool>("--dry-run") { Description = "List the orphaned files without deleting them." };
        var yes = new Option<bool>("--yes") { Description = "Also delete the files of suites that are not in the loaded suite set, without asking." };
        var command = new Command("prune", "Delete orphaned snapshot files: cases or suites that no longer exist, and leftovers of interrupted writes. Lists them first; files of whole suites need --yes (or a confirmation on a terminal).")
        {
            suites, snapshots, dryRun, yes,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            if (SuiteSetLoader.Load(context, [parseResult.GetValue(suites)!], context.Error, cancellationToken) is not { } set)
            {
                context.Error.WriteLine("Nothing pruned: the suites must be valid to know which snapshots are orphaned.");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            var store = new SnapshotStore(parseResult.GetValue(snapshots)!);
            if (parseResult.GetValue(dryRun))
            {
                var found = store.FindOrphanFiles(set.Suites);
                foreach (var orphan in found)
                {
                    context.Out.WriteLine("orphan  " + Describe(orphan));
                }

                context.Out.WriteLine(found.Count == 0 ? "No orphaned snapshots." : $"{found.Count} orphaned file(s) found.");
                return Task.FromResult(ExitCodes.Passed);
            }

            using var writerLock = FolderLock.Acquire(store.Root, "prune the snapshots");
            var orphans = store.FindOrphanFiles(set.Suites);
            if (orphans.Count == 0)
            {
                context.Out.WriteLine("No orphaned snapshots.");
                return Task.FromResult(ExitCodes.Passed);
            }

            var ofGoneSuites = orphans.Where(orphan => orphan.Reason == OrphanReason.SuiteGone).ToList();
            if (ofGoneSuites.Count > 0 && !parseResult.GetValue(yes) && !Confirm(context, orphans, ofGoneSuites))
            {
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            foreach (var orphan in orphans)
            {
                context.Out.WriteLine("deleted " + Describe(orphan));
            }

            store.Prune(orphans.Select(orphan => orphan.Path));
            context.Out.WriteLine($"{orphans.Count} orphaned file(s) deleted.");
            return Task.FromResult(ExitCodes.Passed);
        });
        return command;
    }

    private static string Describe(OrphanFile orphan) => OutsideText.Escape(orphan.Path) + orphan.Reason switch
    {
        OrphanReason.SuiteGone => "  (suite not in the suite set)",
        OrphanReason.Temporary => "  (left by an interrupted write)",
        _ => "",
    };

    /// <summary>Lists what would be deleted and asks on a terminal; elsewhere refuses, pointing at --yes.</summary>
    private static bool Confirm(CliContext context, IReadOnlyList<OrphanFile> orphans, IReadOnlyList<OrphanFile> ofGoneSuites)
    {
        foreach (var orphan in orphans)
        {
            context.Out.WriteLine("orphan  " + Describe(orphan));
        }

        var folders = ofGoneSuites.Select(orphan => OutsideText.Escape(Path.GetFileName(Path.GetDirectoryName(orphan.Path)!))).Distinct().ToList();
        var question = $"{ofGoneSuites.Count} of these {orphans.Count} file(s) belong to suites that are not in the suite set ({string.Join(", ", folders)}): "
            + "their suites were deleted or renamed, or --suites or --snapshots point at the wrong place.";
        if (context.IsTerminal && context.In is { } input)
        {
            context.Out.Write(question + " Delete all of them? [y/N] ");
            if (input.ReadLine()?.Trim() is "y" or "Y" or "yes")
            {
                return true;
            }

            context.Error.WriteLine("Nothing pruned.");
            return false;
        }

        context.Error.WriteLine($"Nothing pruned: {question} If those suites are gone for good, run 'llmguard prune --yes'.");
        return false;
    }
}
