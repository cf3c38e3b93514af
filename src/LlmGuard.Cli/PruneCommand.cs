using System.CommandLine;
using LlmGuard.Gating;
using LlmGuard.Snapshots;

namespace LlmGuard.Cli;

/// <summary><c>llmguard prune</c>: delete snapshot files that belong to no case.</summary>
internal static class PruneCommand
{
    public static Command Create(CliContext context)
    {
        var suites = CommonOptions.Suites();
        var snapshots = CommonOptions.Snapshots();
        var dryRun = new Option<bool>("--dry-run") { Description = "List the orphaned files without deleting them." };
        var command = new Command("prune", "Delete orphaned snapshot files: cases or suites that no longer exist, and leftovers of interrupted writes.")
        {
            suites, snapshots, dryRun,
        };
        command.SetAction(parseResult =>
        {
            if (SuiteSetLoader.Load(context, [parseResult.GetValue(suites)!], context.Error) is not { } set)
            {
                context.Error.WriteLine("Nothing pruned: the suites must be valid to know which snapshots are orphaned.");
                return ExitCodes.InvalidInput;
            }

            var store = new SnapshotStore(parseResult.GetValue(snapshots)!);
            var orphans = store.FindOrphans(set.Suites);
            foreach (var orphan in orphans)
            {
                context.Out.WriteLine((parseResult.GetValue(dryRun) ? "orphan  " : "deleted ") + orphan);
            }

            if (!parseResult.GetValue(dryRun))
            {
                store.Prune(orphans);
            }

            context.Out.WriteLine(orphans.Count == 0 ? "No orphaned snapshots." : $"{orphans.Count} orphaned file(s){(parseResult.GetValue(dryRun) ? " found" : " deleted")}.");
            return ExitCodes.Passed;
        });
        return command;
    }
}
