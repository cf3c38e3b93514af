namespace LlmGuard.Local.Chat;

/// <summary>
/// Sits between decoded text and the caller: holds back any tail that could still grow into a stop string,
/// reports a stop as soon as one appears (the stop string and whatever follows are dropped), and optionally drops
/// the leading whitespace of the reply.
/// </summary>
internal sealed class StopSequenceFilter(IReadOnlyList<string> stopSequences, bool trimLeadingWhitespace)
{
    private readonly string[] stops = stopSequences.Where(stop => stop.Length > 0).ToArray();
    private string pending = string.Empty;
    private bool emittedAnything;

    /// <summary>Adds decoded text and returns what can safely be shown now.</summary>
    public string Push(string text, out bool stopped)
    {
        stopped = false;
        pending += text;
        if (trimLeadingWhitespace && !emittedAnything)
        {
            pending = pending.TrimStart();
        }

        var stopAt = -1;
        foreach (var stop in stops)
        {
            var index = pending.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (stopAt < 0 || index < stopAt))
            {
                stopAt = index;
            }
        }

        if (stopAt >= 0)
        {
            stopped = true;
            var beforeStop = pending[..stopAt];
            pending = string.Empty;
            return Emit(beforeStop);
        }

        var held = LongestTailThatStartsAStop();
        var ready = pending[..^held];
        pending = pending[^held..];
        return Emit(ready);
    }

    /// <summary>Releases the held-back tail once generation has ended without a stop.</summary>
    public string Flush()
    {
        var rest = pending;
        pending = string.Empty;
        return Emit(rest);
    }

    private string Emit(string text)
    {
        emittedAnything |= text.Length > 0;
        return text;
    }

    private int LongestTailThatStartsAStop()
    {
        var longest = 0;
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, pending.Length); length > longest; length--)
            {
                if (pending.AsSpan(pending.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
