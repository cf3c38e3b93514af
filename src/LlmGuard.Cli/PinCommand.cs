using System.CommandLine;
using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Loading;
using LlmGuard.Providers.Pinning;
using LlmGuard.Security;
using LlmGuard.Text;

namespace LlmGuard.Cli;

/// <summary><c>llmguard pin</c>: resolve each target's current model identity and write it into the suite as its pin.</summary>
internal static class PinCommand
{
    public static Command Create(CliContext context)
    {
        var suites = CommonOptions.Suites();
        var suite = CommonOptions.Suite();
        var command = new Command("pin", "Resolve the identity of each suite's model (digest, resolved model id) and write it into the suite's target as 'pin', so later runs stop before any case when the model behind the name changes. Edits only the pin lines of each file.")
        {
            suites, suite,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (SuiteSetLoader.Load(context, [parseResult.GetValue(suites)!], context.Error, cancellationToken) is not { } set)
            {
                context.Error.WriteLine("Nothing pinned: fix the errors above.");
                return ExitCodes.InvalidInput;
            }

            var selectedIds = parseResult.GetValue(suite) ?? [];
            var selected = set.Suites.Where(s => selectedIds.Length == 0 || selectedIds.Contains(s.Id, StringComparer.Ordinal)).ToList();
            if (selected.Count == 0)
            {
                context.Error.WriteLine("No suite matches --suite.");
                return ExitCodes.InvalidInput;
            }

            var pinner = new IdentityPinner(context.CreateRegistry(), context.GetEnvironmentVariable);
            foreach (var item in selected)
            {
                try
                {
                    var result = await pinner.PinAsync(item, cancellationToken).ConfigureAwait(false);
                    // The identity is the server's text: escaped, so a server can neither forge output lines nor drive the terminal.
                    var identity = $"digest {OutsideText.Escape(result.Identity.Digest ?? "(none)")}, resolved model {OutsideText.Escape(result.Identity.ResolvedModelId ?? "(none)")}";
                    context.Out.WriteLine(!result.HasIdentity ? $"{item.Id}: the provider reports no identity to pin"
                        : result.FileChanged ? $"{item.Id}: pinned {identity} in {OutsideText.Escape(SuiteLoader.DisplayPath(result.FilePath))}"
                        : $"{item.Id}: already pinned to {identity}");
                }
                catch (ProviderConfigurationException exception)
                {
                    context.Error.WriteLine(SecretRedactor.Redact(exception.Message));
                    return ExitCodes.InvalidInput;
                }
            }

            return ExitCodes.Passed;
        });
        return command;
    }
}
