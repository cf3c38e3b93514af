using System.Collections.Concurrent;
using LlmGuard.IO;

namespace LlmGuard.Snapshots;

/// <summary>
/// The calibration files beside the snapshots: <c>&lt;root&gt;/&lt;suite&gt;/&lt;case&gt;.variants.txt</c>, written atomically by
/// <c>llmguard calibrate</c>. Each suite's folder is listed once, so a case without a file costs no file-system call.
/// </summary>
/// <param name="root">The snapshot root folder.</param>
internal sealed class VariantStore(string root)
{
    public const string Suffix = ".variants.txt";

    private readonly ConcurrentDictionary<string, HashSet<string>> casesWithFiles = new(StringComparer.Ordinal);

    /// <summary>The snapshot root folder.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    public string PathOf(string suite, string caseId) => Path.Combine(Root, suite, caseId + Suffix);

    /// <summary>Reads a case's variants; null when it has none.</summary>
    /// <exception cref="InvalidDataException">The file exists but cannot be parsed; the message names it.</exception>
    public VariantsDocument? Read(string suite, string caseId)
    {
        var known = casesWithFiles.GetOrAdd(suite, ListCases);
        lock (known)
        {
            if (!known.Contains(caseId))
            {
                return null;
            }
        }

        var path = PathOf(suite, caseId);
        try
        {
            return VariantsFormat.Parse(File.ReadAllBytes(path));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (FormatException exception)
        {
            throw new InvalidDataException($"{path}: not a valid variants file: {exception.Message}", exception);
        }
    }

    /// <summary>Writes a case's variants atomically; false (nothing written) when the file already has exactly these bytes.</summary>
    public bool Write(VariantsDocument document)
    {
        var path = PathOf(document.Suite, document.Case);
        var bytes = VariantsFormat.Serialize(document);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            return false;
        }

        AtomicFile.WriteAllBytes(path, bytes);
        var known = casesWithFiles.GetOrAdd(document.Suite, ListCases);
        lock (known)
        {
            known.Add(document.Case);
        }

        return true;
    }

    private HashSet<string> ListCases(string suite)
    {
        var folder = Path.Combine(Root, suite);
        var cases = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return cases;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*" + Suffix))
        {
            cases.Add(Path.GetFileName(file)[..^Suffix.Length]);
        }

        return cases;
    }
}
