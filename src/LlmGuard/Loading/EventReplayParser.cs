using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LlmGuard.Loading;

/// <summary>Replays the recorded events of one node as a stream holding one document, to build that node alone.</summary>
internal sealed class EventReplayParser(IReadOnlyList<ParsingEvent> nodeEvents) : IParser
{
    private int position = -1;

    public ParsingEvent? Current { get; private set; }

    public bool MoveNext()
    {
        position++;
        Current = position switch
        {
            0 => new StreamStart(),
            1 => new DocumentStart(),
            _ when position - 2 < nodeEvents.Count => nodeEvents[position - 2],
            _ when position - 2 == nodeEvents.Count => new DocumentEnd(isImplicit: true),
            _ when position - 2 == nodeEvents.Count + 1 => new StreamEnd(),
            _ => null,
        };
        return Current is not null;
    }

    public static YamlDotNet.RepresentationModel.YamlNode Build(IReadOnlyList<ParsingEvent> nodeEvents)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        stream.Load(new EventReplayParser(nodeEvents));
        return stream.Documents[0].RootNode;
    }
}
