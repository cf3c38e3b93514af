namespace LlmGuard.Bench;

/// <summary>One whole-process run: wall time, CPU time (user + system) and peak resident set (VmHWM), and its exit code.</summary>
internal sealed record ProcessMeasurement(TimeSpan Wall, TimeSpan UserCpu, TimeSpan SystemCpu, long PeakResidentKilobytes, int ExitCode, string OutputPath)
{
    public TimeSpan Cpu => UserCpu + SystemCpu;

    public double PeakResidentMegabytes => PeakResidentKilobytes / 1024.0;
}
