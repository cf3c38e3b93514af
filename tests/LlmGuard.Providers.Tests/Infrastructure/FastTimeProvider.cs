using System.Collections.Concurrent;

namespace LlmGuard.Providers.Tests.Infrastructure;

/// <summary>A clock whose timers fire a thousand times sooner than asked, recording the delays asked for, so backoff is tested without sleeping.</summary>
internal sealed class FastTimeProvider : TimeProvider
{
    public ConcurrentQueue<TimeSpan> RequestedDelays { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            RequestedDelays.Enqueue(dueTime);
        }

        return System.CreateTimer(callback, state, Scale(dueTime), Scale(period));
    }

    private static TimeSpan Scale(TimeSpan span) => span <= TimeSpan.Zero || span == Timeout.InfiniteTimeSpan ? span : span / 1000;
}
