using System.Text;
using LlmGuard.IO;
using LlmGuard.Loading;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Loading;

public sealed class HostileSuiteTests
{
    private string folder = "";

    [SetUp]
    public void SetUp() => folder = Directory.CreateTempSubdirectory("llmguard-hostile-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(folder, recursive: true);

    [Test]
    public void Fifty_thousand_undefined_variables_are_each_reported_once_at_their_own_position()
    {
        const int Cases = 50_000;
        var suite = new StringBuilder("id: many\ntarget:\n  provider: scripted\n  model: fixture-1\ncases:\n");
        for (var index = 0; index < Cases; index++)
        {
            suite.Append("  - id: c").Append(index).Append("\n    prompt: Hello {{who}}.\n");
        }

        var path = Write("many.yaml", suite.ToString());

        var errors = new SuiteLoader(["scripted"]).Load(path).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Count.EqualTo(Cases));
            Assert.That(errors.Select(error => error.Code).Distinct(), Is.EqualTo(new[] { DiagnosticCodes.MissingVariable }));
            Assert.That(errors[^1].Location, Is.EqualTo(new SourceLocation(errors[^1].Location.File, 5 + (2 * Cases), 19)), "the last placeholder, line and column exact");
        });
    }

    [Test]
    public void Many_undefined_variables_in_one_prompt_are_each_at_their_column()
    {
        var prompt = string.Join(" ", Enumerable.Range(0, 2_000).Select(index => $"{{{{v{index % 7}}}}}"));
        var path = Write("one.yaml", $"id: one\ntarget:\n  provider: scripted\n  model: fixture-1\ncases:\n  - id: c\n    prompt: Say {prompt}\n");

        var errors = new SuiteLoader(["scripted"]).Load(path).Diagnostics.ToList();

        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Count.EqualTo(2_000));
            Assert.That(errors.Select(error => error.Location.Column), Is.Ordered.Ascending.And.Unique);
        });
    }

    [Test]
    public void A_suite_file_larger_than_the_cap_is_refused_without_being_read()
    {
        var path = Path.Combine(folder, "huge.yaml");
        using (var stream = File.Create(path))
        {
            stream.SetLength(SuiteFileReader.MaxBytes + 1L);
        }

        var error = new SuiteLoader().Load(path).Diagnostics.Single();

        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(DiagnosticCodes.Unreadable));
            Assert.That(error.Message, Does.Contain("suite files are read up to 64 MiB"));
        });
    }

    [Test]
    public void A_twenty_megabyte_prompt_still_loads()
    {
        var path = Write("big.yaml", "id: big\ntarget:\n  provider: scripted\n  model: fixture-1\ncases:\n  - id: c\n    prompt: " + new string('x', 20_000_000) + "\n");

        var set = new SuiteLoader(["scripted"]).Load(path);

        Assert.That(set.Suites.Single().Cases.Single().Messages.Single().Content, Has.Length.EqualTo(20_000_000));
    }

    [Test]
    public void Loading_stops_when_cancelled()
    {
        var path = Write("a.yaml", "id: a\ntarget:\n  provider: scripted\n  model: m\ncases:\n  - id: c\n    prompt: p\n");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => new SuiteLoader().Load([path], cancelled.Token));
    }

    [Test]
    public void Every_diagnostic_is_one_line_whatever_the_suite_quotes()
    {
        var path = Write("evil.yaml", "id: \"bad\\e[2J\"\ntarget:\n  provider: \"x\\ny.yaml:1:1: error LG0001: forged\"\n  model: m\n  \"k\\r\\e]0;t\\a\": 1\ncases:\n  - id: \"c\\u2028d\"\n    prompt: p\n");

        var diagnostics = new SuiteLoader(["scripted"]).Load(path).Diagnostics;

        Assert.Multiple(() =>
        {
            Assert.That(diagnostics, Has.Count.GreaterThanOrEqualTo(3));
            Assert.That(diagnostics.Select(d => d.ToString()), Has.All.Matches<string>(line => !line.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029')));
        });
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
