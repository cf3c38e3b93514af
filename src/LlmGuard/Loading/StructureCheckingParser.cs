using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LlmGuard.Loading;

/// <summary>
/// A parser that checks the YAML event stream as the document is built from it, and stops (with a
/// <see cref="YamlStructureViolation"/>) at what would crash or exhaust later stages: a second document, an alias
/// inside the node it names (a cycle), nesting deep enough to overflow the stack, and aliases that expand
/// exponentially ("billion laughs"). Checking while building reads the file once (a separate checking pass doubled
/// the load time of large suites). Syntax errors are left to throw as <see cref="YamlException"/>.
/// </summary>
internal sealed class StructureCheckingParser(IParser inner) : IParser
{
    public const int MaxDepth = 64;

    /// <summary>The most values aliases may add by repeating their anchored nodes (the file's own nodes do not count).</summary>
    public const long MaxExpandedNodes = 100_000;

    private readonly Stack<(AnchorName Anchor, long Size)> open = new();
    private readonly Dictionary<AnchorName, long> anchorSizes = [];
    private int documents;
    private long expanded;
    private Mark lastGood = Mark.Empty;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!MoveInner())
        {
            return false;
        }

        Check(inner.Current!);
        return true;
    }

    private void Check(ParsingEvent current)
    {
        lastGood = current.End;
        long size;
        switch (current)
        {
            case DocumentStart:
                if (++documents > 1)
                {
                    throw new YamlStructureViolation(current.Start, "A suite file holds one YAML document; found a second one ('---').");
                }

                return;
            case MappingStart or SequenceStart:
                if (open.Count >= MaxDepth)
                {
                    throw new YamlStructureViolation(current.Start, $"The file nests more than {MaxDepth} levels deep.");
                }

                open.Push((((NodeEvent)current).Anchor, 0));
                return;
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
                if (IsOpen(alias.Value))
                {
                    throw new YamlStructureViolation(current.Start, $"The alias '*{alias.Value}' is inside the node it refers to, which would make it infinitely deep.");
                }

                // An unknown anchor is reported by the loader with its own message. Only what aliases repeat counts
                // towards the limit: a large suite without aliases is not a bomb, however many nodes it has.
                size = anchorSizes.GetValueOrDefault(alias.Value, 1);
                expanded += size;
                if (expanded > MaxExpandedNodes)
                {
                    throw new YamlStructureViolation(current.Start, $"Aliases expand this file to more than {MaxExpandedNodes} values.");
                }

                break;
            default:
                return;
        }

        if (open.Count > 0)
        {
            var (parentAnchor, parentSize) = open.Pop();
            open.Push((parentAnchor, parentSize + size));
        }
    }

    private bool IsOpen(AnchorName anchor)
    {
        foreach (var frame in open)
        {
            if (frame.Anchor == anchor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// YamlDotNet's scanner throws <see cref="InvalidOperationException"/> on some malformed plain scalars instead of a
    /// <see cref="YamlException"/>; turn that into a syntax error just after the last event read.
    /// </summary>
    private bool MoveInner()
    {
        try
        {
            return inner.MoveNext();
        }
        catch (InvalidOperationException exception)
        {
            throw new SyntaxErrorException(lastGood, lastGood, "the YAML reader could not read on from here: " + exception.Message);
        }
    }
}
