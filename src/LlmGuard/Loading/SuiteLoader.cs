using System.Text;
using LlmGuard.IO;
using LlmGuard.Suites;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>
/// Loads suite files and validates them, collecting every problem with its file, line and column.
/// Loading never writes anything.
/// </summary>
/// <param name="knownProviders">The registered provider names, to check each target's provider; null to skip that check.</param>
public sealed class SuiteLoader(IReadOnlyCollection<string>? knownProviders = null)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Whether suites in the common shape are read case by case (<see cref="StreamingSuiteReader"/>); off, every file is
    /// built as one YAML document. Both give the same suites and diagnostics; tests compare them.
    /// </summary>
    internal bool ReadsCaseByCase { get; init; } = true;

    /// <summary>The file extensions recognized as suites.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".yaml", ".yml"];

    /// <summary>Loads every suite under a folder (recursively) or a single suite file, as one set.</summary>
    public SuiteSet Load(string path) => Load([path]);

    /// <summary>Loads every suite under each folder (recursively) and each suite file, as one set; a file named twice is read once.</summary>
    public SuiteSet Load(IReadOnlyList<string> paths) => Load(paths, CancellationToken.None);

    /// <summary>
    /// The environment the suites' policy reads (<see cref="SuitePolicy"/>: which variables may hold keys); the process
    /// environment when null.
    /// </summary>
    internal Func<string, string?>? GetEnvironmentVariable { get; init; }

    /// <summary>Loads as <see cref="Load(IReadOnlyList{string})"/>, checking <paramref name="cancellationToken"/> before every file and case.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    internal SuiteSet Load(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        var problems = new List<SuiteDiagnostic>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(Path.GetFullPath(path));
                continue;
            }

            if (!Directory.Exists(path))
            {
                problems.Add(new SuiteDiagnostic(DiagnosticSeverity.Error, DiagnosticCodes.Unreadable,
                    $"No suite file or folder exists at '{path}'.", new SourceLocation(DisplayPath(path), 1, 1)));
                continue;
            }

            var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(file => Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                .Select(Path.GetFullPath)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (found.Count == 0)
            {
                problems.Add(new SuiteDiagnostic(DiagnosticSeverity.Error, DiagnosticCodes.NoCases,
                    $"The folder '{path}' contains no suite files (*.yaml, *.yml).", new SourceLocation(DisplayPath(path), 1, 1)));
            }

            files.AddRange(found);
        }

        if (problems.Count > 0)
        {
            return new SuiteSet([], problems);
        }

        return LoadFiles(files.Distinct(StringComparer.Ordinal), cancellationToken);
    }

    /// <summary>Loads the given suite files as one set.</summary>
    public SuiteSet LoadFiles(IEnumerable<string> paths) => LoadFiles(paths, CancellationToken.None);

    private SuiteSet LoadFiles(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var diagnostics = new List<SuiteDiagnostic>();
        var suites = new List<Suite>();
        var policy = new SuitePolicy(GetEnvironmentVariable ?? Environment.GetEnvironmentVariable);
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (LoadFile(Path.GetFullPath(path), diagnostics, policy, cancellationToken) is { } suite)
            {
                suites.Add(suite);
            }
        }

        foreach (var group in suites.GroupBy(suite => suite.Id, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1))
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                diagnostics.Add(new SuiteDiagnostic(DiagnosticSeverity.Error, DiagnosticCodes.DuplicateSuiteId,
                    $"Suite id '{duplicate.Id}' is also used by '{DisplayPath(first.FilePath)}'; suites share the snapshots folder, so ids must be unique.",
                    duplicate.IdLocation));
            }
        }

        var hasErrors = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        var ordered = diagnostics
            .OrderBy(d => d.Location.File, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToList();
        return new SuiteSet(hasErrors ? [] : [.. suites.OrderBy(s => s.Id, StringComparer.Ordinal)], ordered);
    }

    private Suite? LoadFile(string fullPath, List<SuiteDiagnostic> diagnostics, SuitePolicy policy, CancellationToken cancellationToken)
    {
        var display = DisplayPath(fullPath);
        byte[]? bytes;
        string? problem;
        try
        {
            bytes = SuiteFileReader.Read(fullPath, out problem);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new SuiteDiagnostic(DiagnosticSeverity.Error, DiagnosticCodes.Unreadable, $"Cannot read the file: {exception.Message}", new SourceLocation(display, 1, 1)));
            return null;
        }

        if (bytes is null)
        {
            diagnostics.Add(new SuiteDiagnostic(DiagnosticSeverity.Error, DiagnosticCodes.Unreadable, $"The suite file is refused: {problem}.", new SourceLocation(display, 1, 1)));
            return null;
        }

        if (Decode(bytes, display) is not { } text)
        {
            diagnostics.Add(InvalidUtf8(bytes, display));
            return null;
        }

        var reader = new YamlNodeReader(display, diagnostics, text);
        if (FindTabIndentation(text) is { } tab)
        {
            reader.Error(new SourceLocation(display, tab.Line, tab.Column), DiagnosticCodes.TabIndentation,
                "A tab is used for indentation; YAML allows only spaces. Replace the tab with spaces.");
            return null;
        }

        if (ReadsCaseByCase && ReadCaseByCase(text, display, fullPath, diagnostics, policy, cancellationToken) is { } streamed)
        {
            return streamed;
        }

        YamlNode? root;
        try
        {
            var stream = new YamlStream();
            var parser = new StructureCheckingParser(new Parser(new StringReader(text)));
            try
            {
                stream.Load(parser);
            }
            catch (YamlStructureViolation violation)
            {
                reader.Error(reader.LocationOf(violation.Start), DiagnosticCodes.Syntax, violation.Message);
                return null;
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
            {
                // YamlDotNet's document builder throws these on a few malformed inputs its parser lets through.
                reader.Error(reader.LocationOf(parser.Current?.Start ?? Mark.Empty), DiagnosticCodes.Syntax,
                    $"Invalid YAML: the document cannot be built at this point ({exception.Message}).");
                return null;
            }

            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException exception)
        {
            reader.Error(reader.LocationOf(exception.Start), DiagnosticCodes.Syntax, $"Invalid YAML: {SyntaxMessage(exception)}");
            return null;
        }

        if (root is null || reader.IsNull(root))
        {
            reader.Error(new SourceLocation(display, 1, 1), DiagnosticCodes.EmptyOrNotMapping, "The suite file is empty.");
            return null;
        }

        if (root is not YamlMappingNode)
        {
            reader.Error(root, DiagnosticCodes.EmptyOrNotMapping,
                $"The root of a suite file must be a mapping with 'id', 'target' and 'cases', not {YamlNodeReader.Describe(root)}.");
            return null;
        }

        return new SuiteFileParser(reader, knownProviders, policy, cancellationToken).Parse(root, fullPath);
    }

    private Suite? ReadCaseByCase(string text, string display, string fullPath, List<SuiteDiagnostic> diagnostics, SuitePolicy policy, CancellationToken cancellationToken)
    {
        var warnings = new List<SuiteDiagnostic>();
        var reader = new YamlNodeReader(display, warnings, text);
        var suite = StreamingSuiteReader.TryRead(new StructureCheckingParser(new Parser(new StringReader(text))),
            new SuiteFileParser(reader, knownProviders, policy, cancellationToken), reader, fullPath);
        if (suite is not null)
        {
            diagnostics.AddRange(warnings);
        }

        return suite;
    }

    private static string? Decode(byte[] bytes, string display)
    {
        try
        {
            var text = StrictUtf8.GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static SuiteDiagnostic InvalidUtf8(byte[] bytes, string display)
    {
        var decoder = new UTF8Encoding(false, true);
        var line = 1;
        var column = 1;
        var index = 0;
        while (index < bytes.Length)
        {
            var length = SequenceLength(bytes[index]);
            try
            {
                if (length == 0 || index + length > bytes.Length)
                {
                    break;
                }

                decoder.GetString(bytes, index, length);
            }
            catch (DecoderFallbackException)
            {
                break;
            }

            if (bytes[index] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }

            index += length;
        }

        return new SuiteDiagnostic(DiagnosticSeverity.Error, DiagnosticCodes.Encoding,
            $"The file is not valid UTF-8: byte 0x{bytes[Math.Min(index, bytes.Length - 1)]:X2} at offset {index} cannot be decoded. Save the file as UTF-8.",
            new SourceLocation(display, line, column));
    }

    private static int SequenceLength(byte lead) => lead switch
    {
        < 0x80 => 1,
        >= 0xC2 and < 0xE0 => 2,
        >= 0xE0 and < 0xF0 => 3,
        >= 0xF0 and < 0xF5 => 4,
        _ => 0,
    };

    private static (int Line, int Column)? FindTabIndentation(string text)
    {
        var inBlockScalar = false;
        var blockIndent = 0;
        var number = 0;
        for (var start = 0; start <= text.Length; number++)
        {
            var end = text.IndexOf('\n', start);
            var line = text.AsSpan(start, (end < 0 ? text.Length : end) - start).TrimEnd('\r');
            start = end < 0 ? text.Length + 1 : end + 1;
            var indent = line.IndexOfAnyExcept(' ', '\t');
            if (indent < 0)
            {
                indent = line.Length;
            }

            var isBlank = indent == line.Length;
            if (inBlockScalar && (isBlank || indent > blockIndent))
            {
                continue;
            }

            inBlockScalar = false;
            if (!isBlank && line[..indent].Contains('\t'))
            {
                return (number + 1, line.IndexOf('\t') + 1);
            }

            var trimmed = line.TrimEnd();
            if (trimmed.EndsWith('|') || trimmed.EndsWith('>') || trimmed.EndsWith("|-") || trimmed.EndsWith(">-") || trimmed.EndsWith("|+") || trimmed.EndsWith(">+"))
            {
                inBlockScalar = true;
                blockIndent = indent;
            }
        }

        return null;
    }

    private static string SyntaxMessage(YamlException exception)
    {
        var message = exception.InnerException is YamlException inner ? inner.Message : exception.Message;
        var marker = message.IndexOf("(Line:", StringComparison.Ordinal);
        return (marker > 0 ? message[..marker] : message).Trim();
    }

    /// <summary>The path as shown in diagnostics: relative to the current directory when inside it.</summary>
    public static string DisplayPath(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(path));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(path) : relative.Replace('\\', '/');
    }
}
