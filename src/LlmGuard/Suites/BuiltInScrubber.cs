namespace LlmGuard.Suites;

/// <summary>Scrubbers that ship with LlmGuard and are enabled by name in a suite.</summary>
public enum BuiltInScrubber
{
    /// <summary>GUIDs/UUIDs become <c>{guid}</c>.</summary>
    Guids,

    /// <summary>ISO 8601 dates and date-times become <c>{date}</c> / <c>{datetime}</c>.</summary>
    Dates,

    /// <summary>Numbers of 6 or more digits become <c>{number}</c>.</summary>
    LongNumbers,
}
