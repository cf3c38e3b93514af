using System.Diagnostics;
using System.Globalization;

namespace LlmGuard.Bench;

/// <summary>
/// Runs a program as a child process under GNU <c>/usr/bin/time</c>, which reports the child's own CPU time and peak
/// resident set (<c>ru_maxrss</c>, the VmHWM at exit). Output goes to files, as in a CI log. CI variables are removed
/// from the child's environment so <c>--mode update</c> is allowed.
/// </summary>
internal sealed class ChildProcessRunner(string logDirectory)
{
    private const string TimeProgram = "/usr/bin/time";
    private static readonly string[] CiVariables =
    [
        "CI", "CONTINUOUS_INTEGRATION", "BUILD_NUMBER", "GITHUB_ACTIONS", "TF_BUILD", "GITLAB_CI", "JENKINS_URL",
        "TEAMCITY_VERSION", "BUILDKITE", "CIRCLECI", "TRAVIS", "APPVEYOR", "BITBUCKET_BUILD_NUMBER", "CODEBUILD_BUILD_ID", "LLMGUARD_MODE",
    ];

    private int sequence;

    public static bool IsAvailable => File.Exists(TimeProgram);

    public ProcessMeasurement Run(string label, string program, params string[] arguments)
    {
        Directory.CreateDirectory(logDirectory);
        var prefix = Path.Combine(logDirectory, $"{Interlocked.Increment(ref sequence):D4}-{label}");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = logDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("out=\"$1\"; err=\"$2\"; timing=\"$3\"; shift 3; exec " + TimeProgram + " -f '%U %S %M' -o \"$timing\" \"$@\" >\"$out\" 2>\"$err\"");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(prefix + ".out");
        start.ArgumentList.Add(prefix + ".err");
        start.ArgumentList.Add(prefix + ".time");
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in CiVariables)
        {
            start.Environment.Remove(name);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {program}.");
        process.WaitForExit();
        var wall = stopwatch.Elapsed;

        // time writes "Command exited with non-zero status N" before the figures when the child fails.
        var figures = File.ReadAllLines(prefix + ".time").Last().Split(' ');
        return new ProcessMeasurement(
            wall,
            TimeSpan.FromSeconds(double.Parse(figures[0], CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(figures[1], CultureInfo.InvariantCulture)),
            long.Parse(figures[2], CultureInfo.InvariantCulture),
            process.ExitCode,
            prefix + ".out");
    }
}
