using LlmGuard.Suites;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>
/// Reads a suite file case by case: each entry of 'cases' is built as a node of its own, parsed and dropped, so a suite
/// of thousands of cases never holds its whole YAML tree (building and keeping that tree was most of the load time,
/// spent by the garbage collector copying it between generations). Takes the common shape only: one mapping at the
/// root, 'tools' and 'defaults' (if any) before 'cases', no aliases, no errors. For anything else it gives up and the caller loads
/// the document as a whole, which reports every problem.
/// </summary>
internal static class StreamingSuiteReader
{
    private const string CasesKey = "cases";
    private const string DefaultsKey = "defaults";
    private const string ToolsKey = "tools";

    /// <summary>The suite, or null when this file needs the whole-document path.</summary>
    public static Suite? TryRead(IParser parser, SuiteFileParser suiteParser, YamlNodeReader reader, string fullPath)
    {
        try
        {
            return Read(parser, suiteParser, reader, fullPath);
        }
        catch (Exception exception) when (exception is YamlException or YamlStructureViolation or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static Suite? Read(IParser parser, SuiteFileParser suiteParser, YamlNodeReader reader, string fullPath)
    {
        if (Next(parser) is not StreamStart || Next(parser) is not DocumentStart || Next(parser) is not MappingStart rootStart)
        {
            return null;
        }

        var rootEvents = new List<ParsingEvent> { rootStart };
        StreamedCases? cases = null;
        while (Next(parser) is Scalar key)
        {
            var value = Next(parser);
            if (cases is null && key.Value == CasesKey && value is SequenceStart)
            {
                cases = suiteParser.BeginCases((YamlMappingNode)EventReplayParser.Build([.. rootEvents, new MappingEnd()]));
                if (!ReadCases(parser, suiteParser, reader, cases))
                {
                    return null;
                }

                rootEvents.AddRange([key, value, parser.Current!]);
                continue;
            }

            if (cases is not null && key.Value is DefaultsKey or ToolsKey)
            {
                return null;
            }

            rootEvents.Add(key);
            if (!Record(parser, value, rootEvents))
            {
                return null;
            }
        }

        if (parser.Current is not MappingEnd rootEnd || Next(parser) is not DocumentEnd || Next(parser) is not StreamEnd)
        {
            return null;
        }

        rootEvents.Add(rootEnd);
        var suite = suiteParser.Parse(EventReplayParser.Build(rootEvents), fullPath, cases);
        return reader.ErrorCount == 0 ? suite : null;
    }

    private static bool ReadCases(IParser parser, SuiteFileParser suiteParser, YamlNodeReader reader, StreamedCases cases)
    {
        var caseEvents = new List<ParsingEvent>();
        while (Next(parser) is var first and not SequenceEnd)
        {
            caseEvents.Clear();
            if (!Record(parser, first, caseEvents))
            {
                return false;
            }

            suiteParser.AddCase(cases, EventReplayParser.Build(caseEvents));
            if (reader.ErrorCount > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Appends the events of the node that starts with <paramref name="first"/>; false at an alias.</summary>
    private static bool Record(IParser parser, ParsingEvent first, List<ParsingEvent> events)
    {
        var depth = 0;
        var current = first;
        while (true)
        {
            if (current is AnchorAlias)
            {
                return false;
            }

            events.Add(current);
            depth += current.NestingIncrease;
            if (depth == 0)
            {
                return true;
            }

            current = Next(parser);
        }
    }

    private static ParsingEvent Next(IParser parser) =>
        parser.MoveNext() ? parser.Current! : throw new InvalidOperationException("The YAML stream ended early.");
}
