namespace LlmGuard.Planning;

/// <summary>Parses run modes and enforces that nothing is accepted automatically on CI.</summary>
internal static class RunModes
{
    /// <summary>Parses <c>verify</c>, <c>update</c>, <c>replay</c>, <c>calibrate</c> or <c>compare</c> (case-insensitive); also accepts <c>record</c> for update.</summary>
    public static bool TryParse(string? text, out RunMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "verify": mode = RunMode.Verify; return true;
            case "update" or "record": mode = RunMode.Update; return true;
            case "replay": mode = RunMode.Replay; return true;
            case "calibrate": mode = RunMode.Calibrate; return true;
            case "compare": mode = RunMode.Compare; return true;
            default: mode = RunMode.Verify; return false;
        }
    }

    /// <summary>The mode from <see cref="RunEnvironmentVariables.Mode"/>, verify when unset.</summary>
    /// <exception cref="ArgumentException">The variable holds an unknown mode.</exception>
    public static RunMode FromEnvironment(Func<string, string?> getEnvironmentVariable)
    {
        var text = getEnvironmentVariable(RunEnvironmentVariables.Mode);
        if (string.IsNullOrWhiteSpace(text))
        {
            return RunMode.Verify;
        }

        return TryParse(text, out var mode)
            ? mode
            : throw new ArgumentException($"{RunEnvironmentVariables.Mode}='{text}' is not a mode: use verify, update, replay, calibrate or compare.");
    }

    /// <summary>Throws when the mode would accept outputs on a CI machine.</summary>
    /// <exception cref="InvalidOperationException">Update mode on CI.</exception>
    public static void EnsureAllowed(RunMode mode, CiEnvironment ci)
    {
        if (mode == RunMode.Update && ci.IsCi)
        {
            throw new InvalidOperationException(
                $"Refusing to update snapshots on a CI machine ({ci.Reason}): nothing is accepted automatically on CI. Record locally and commit the verified files.");
        }

        if (mode == RunMode.Calibrate && ci.IsCi)
        {
            throw new InvalidOperationException(
                $"Refusing to calibrate on a CI machine ({ci.Reason}): calibration accepts variants, and nothing is accepted automatically on CI. Calibrate locally and commit the variants files.");
        }
    }
}
