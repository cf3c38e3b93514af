using System.CommandLine;
using LlmGuard.Gating;
using LlmGuard.IO;
using LlmGuard.Planning;
using LlmGuard.Snapshots;
using LlmGuard.Text;

namespace LlmGuard.Cli;

/// <summary><c>llmguard accept</c>: turn received files into verified snapshots.</summary>
internal static class AcceptCommand
{
    public static Command Create(CliContext context)
    {
        var snapshots = CommonOptions.Snapshots();
        var suite = new Option<string?>("--suite") { Description = "Accept only the received files of this suite." };
        var caseOption = new Option<string?>("--case") { Description = "Accept only this case (a case id with --suite, or suite/case)." };
        var all = new Option<bool>("--all") { Description = "Accept every received file." };
        var command = new Command("accept", "Accept received outputs as the new verified snapshots: all of them, a suite's, or one case's. Refused on CI.")
        {
            snapshots, suite, caseOption, all,
        };
        command.SetAction(parseResult =>
        {
            var ci = CiEnvironment.Detect(context.GetEnvironmentVariable);
            if (ci.IsCi)
            {
                context.Error.WriteLine($"Refusing to accept snapshots on a CI machine ({ci.Reason}): nothing is accepted automatically on CI.");
                return ExitCodes.InvalidInput;
            }

            var suiteId = parseResult.GetValue(suite);
            var caseId = parseResult.GetValue(caseOption);
            if (caseId is not null && suiteId is null && caseId.Split('/') is [var suitePart, var casePart])
            {
                (suiteId, caseId) = (suitePart, casePart);
            }

            if (!parseResult.GetValue(all) && suiteId is null)
            {
                context.Error.WriteLine("Say what to accept: --all, --suite <id>, or --case <suite/case>.");
                return ExitCodes.InvalidInput;
            }

            var store = new SnapshotStore(parseResult.GetValue(snapshots)!);
            using var writerLock = FolderLock.Acquire(store.Root, "accept snapshots");
            store.RemoveStaleTemporaryFiles();
            var received = store.ListReceived(suiteId, caseId);
            if (received.Count == 0)
            {
                context.Out.WriteLine("Nothing to accept: no received files" + (suiteId is null ? "." : $" for {suiteId}{(caseId is null ? "" : "/" + caseId)}."));
                return caseId is null ? ExitCodes.Passed : ExitCodes.InvalidInput;
            }

            var problems = received.Select(item => store.CheckReceived(item.Suite, item.Case)).OfType<string>().ToList();
            if (problems.Count > 0)
            {
                context.Error.WriteLine("Nothing accepted: these received files cannot be accepted:");
                foreach (var problem in problems)
                {
                    context.Error.WriteLine("  " + OutsideText.Escape(problem));
                }

                return ExitCodes.InvalidInput;
            }

            foreach (var (suiteName, caseName) in received)
            {
                store.Accept(suiteName, caseName);
                context.Out.WriteLine($"accepted {OutsideText.Escape(suiteName)}/{OutsideText.Escape(caseName)}");
            }

            context.Out.WriteLine($"{received.Count} snapshot(s) accepted.");
            return ExitCodes.Passed;
        });
        return command;
    }
}
