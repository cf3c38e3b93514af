using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LlmGuard.Suites.Parsing;

/// <summary>
/// Walks the YAML event stream once before the document is built, and refuses what would crash or exhaust
/// later stages: a second document, an alias inside the node it names (a cycle), nesting deep enough to
/// overflow the stack, and aliases that expand exponentially ("billion laughs").
/// Syntax errors are left to throw as <see cref="YamlException"/>, like the loader itself does.
/// </summary>
internal static class YamlStructureCheck
{
    public const int MaxDepth = 64;
    /// <summary>The most values aliases may add by repeating their anchored nodes (the file's own nodes do not count).</summary>
    public const long MaxExpandedNodes = 100_000;

    /// <summary>Reports the first structural problem, if any; returns true when the text may be loaded.</summary>
    public static bool Check(string text, YamlNodeReader reader)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<(AnchorName Anchor, long Size)>();
        var anchorSizes = new Dictionary<AnchorName, long>();
        var documents = 0;
        long expanded = 0;
        var lastGood = Mark.Empty;
        while (MoveNext(parser, lastGood))
        {
            var current = parser.Current!;
            lastGood = current.End;
            long size;
            switch (current)
            {
                case DocumentStart:
                    if (++documents > 1)
                    {
                        return Fail(reader, current.Start, "A suite file holds one YAML document; found a second one ('---').");
                    }

                    continue;
                case MappingStart or SequenceStart:
                    if (open.Count >= MaxDepth)
                    {
                        return Fail(reader, current.Start, $"The file nests more than {MaxDepth} levels deep.");
                    }

                    open.Push((((NodeEvent)current).Anchor, 0));
                    continue;
                case MappingEnd or SequenceEnd:
                    var (anchor, childrenSize) = open.Pop();
                    size = childrenSize + 1;
                    if (!anchor.IsEmpty)
                    {
                        anchorSizes[anchor] = size;
                    }

                    break;
                case Scalar scalar:
                    size = 1;
                    if (!scalar.Anchor.IsEmpty)
                    {
                        anchorSizes[scalar.Anchor] = size;
                    }

                    break;
                case AnchorAlias alias:
                    if (open.Any(frame => frame.Anchor == alias.Value))
                    {
                        return Fail(reader, current.Start, $"The alias '*{alias.Value}' is inside the node it refers to, which would make it infinitely deep.");
                    }

                    // An unknown anchor is reported by the loader with its own message.
                    size = anchorSizes.GetValueOrDefault(alias.Value, 1);
                    break;
                default:
                    continue;
            }

            // Only what aliases repeat counts: a large suite without aliases is not a bomb, however many nodes it has.
            if (current is AnchorAlias)
            {
                expanded += size;
            }

            if (expanded > MaxExpandedNodes)
            {
                return Fail(reader, current.Start, $"Aliases expand this file to more than {MaxExpandedNodes} values.");
            }

            if (open.Count > 0)
            {
                var (parentAnchor, parentSize) = open.Pop();
                open.Push((parentAnchor, parentSize + size));
            }
        }

        return true;
    }

    /// <summary>
    /// YamlDotNet's scanner throws <see cref="InvalidOperationException"/> on some malformed plain scalars instead of a
    /// <see cref="YamlException"/>; turn that into a syntax error just after the last event read.
    /// </summary>
    private static bool MoveNext(Parser parser, Mark lastGood)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (InvalidOperationException exception)
        {
            throw new SyntaxErrorException(lastGood, lastGood, "the YAML reader could not read on from here: " + exception.Message);
        }
    }

    private static bool Fail(YamlNodeReader reader, Mark mark, string message)
    {
        reader.Error(reader.LocationOf(mark), DiagnosticCodes.Syntax, message);
        return false;
    }
}
