using System.Text;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Loading;

/// <summary>No input may make the loader throw: every problem is a diagnostic.</summary>
public sealed class SuiteLoaderRobustnessTests
{
    private static readonly string ValidSuite = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "LlmGuard.Tests", "Loading", "valid", "structured-output.yaml"));

    private static IEnumerable<TestCaseData> OddInputs()
    {
        var head = "id: odd\ntarget: { provider: openai, model: gpt-4o-2024-08-06 }\n";
        (string Name, string Yaml)[] inputs =
        [
            ("null-everywhere", "id:\ndescription:\ntarget:\ndefaults:\ngate:\ncases:\n"),
            ("null-target-values", "id: odd\ntarget: { provider: , model: ~, temperature: , seed: , stop: , options: , pin: , timeout: }\ncases: [{ id: a, prompt: x }]\n"),
            ("null-case-values", head + "cases:\n  - id:\n    prompt:\n    vars:\n    tags:\n    expect:\n    compare:\n    scrub:\n"),
            ("null-case", head + "cases:\n  -\n  - ~\n"),
            ("null-assertions", head + "cases:\n  - id: a\n    prompt: x\n    expect:\n      - contains:\n      - regex:\n      - json-schema:\n      - one-of:\n      - min-length:\n      -\n"),
            ("null-messages", head + "cases:\n  - id: a\n    messages:\n      -\n      - role:\n        content:\n"),
            ("null-scrubbers", head + "cases:\n  - id: a\n    prompt: x\n    scrub: [~, { pattern: }, { pattern: ~, replacement: ~ }]\n"),
            ("null-defaults", head + "defaults: { vars: , tags: , expect: , compare: , scrub: }\ncases: [{ id: a, prompt: x }]\n"),
            ("null-gate", head + "gate: { max_changed_share: , critical_tags: , floating_model: , fail_on_identity_change: }\ncases: [{ id: a, prompt: x }]\n"),
            ("mapping-keys", head + "cases:\n  - ? { a: b }\n    : x\n    id: a\n    prompt: x\n"),
            ("mapping-key-in-options", "id: odd\ntarget:\n  provider: ollama\n  model: m:1\n  options: { ? [a] : 1 }\ncases: [{ id: a, prompt: x }]\n"),
            ("mapping-key-in-schema", head + "cases:\n  - id: a\n    prompt: x\n    expect:\n      - json-schema: { ? [type] : object }\n"),
            ("mapping-key-in-vars", head + "cases:\n  - id: a\n    prompt: x\n    vars: { ? [a] : b, c: [d] }\n"),
            ("list-keys", "? [id]\n: odd\n"),
            ("aliases", "id: odd\ntarget: &t { provider: openai, model: gpt-4o-2024-08-06 }\ndefaults: { vars: &v { a: b } }\ncases:\n  - &c { id: a, prompt: '{{a}}', vars: *v }\n  - *c\n  - { id: b, prompt: *t }\n"),
            ("self-alias", "a: &a [*a]\n"),
            ("unknown-alias", "id: *nowhere\n"),
            ("merge-key", head + "base: &b { prompt: x }\ncases:\n  - <<: *b\n    id: a\n"),
            ("tags", "id: !!binary aGk=\ntarget: !custom { provider: openai, model: gpt-4o-2024-08-06 }\ncases: [{ id: a, prompt: !!int 5 }]\n"),
            ("scalar-root", "just text\n"),
            ("number-root", "42\n"),
            ("document-end-only", "...\n"),
            ("directive", "%YAML 1.2\n---\nid: odd\n"),
            ("bom-and-crlf", "\uFEFFid: odd\r\ntarget: { provider: openai, model: gpt-4o-2024-08-06 }\r\ncases:\r\n  - id: a\r\n    prompt: x\r\n"),
            ("huge-number", "id: odd\ntarget: { provider: openai, model: gpt-4o-2024-08-06, seed: 99999999999999999999999, max_tokens: 1e400, temperature: .nan, top_p: .inf }\ncases: [{ id: a, prompt: x }]\n"),
            ("timeouts", "id: odd\ntarget: { provider: openai, model: gpt-4o-2024-08-06, timeout: ms }\ncases: [{ id: a, prompt: x }]\n"),
            ("deep-nesting", "a: " + new string('[', 5000) + new string(']', 5000) + "\n"),
            ("deep-block-nesting", string.Concat(Enumerable.Range(0, 200).Select(depth => new string(' ', depth * 2) + "k:\n"))),
            ("alias-bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"),
            ("control-characters", "id: \"\\0\\x01\"\ntarget: { provider: openai, model: gpt-4o-2024-08-06 }\ncases: [{ id: \"\\u0000\", prompt: x }]\n"),
            ("empty-key-in-list-item", head + "cases:\n  - id: a\n    prompt: x\n    scrub:\n      - pattern: 'a'\n      - : 'b'\n  - id: b\n    prompt: y\n"),
            ("lone-surrogate-escape", head + "cases: [{ id: a, prompt: \"\\uD800\" }]\n"),
        ];
        return inputs.Select(input => new TestCaseData(input.Yaml).SetArgDisplayNames(input.Name));
    }

    [TestCaseSource(nameof(OddInputs))]
    public void Odd_input_gives_diagnostics_not_exceptions(string yaml)
    {
        SuiteSet? set = null;
        Assert.DoesNotThrow(() => set = SuiteFiles.Load(yaml));
        TestContext.Out.WriteLine(string.Join("\n", set!.Diagnostics));
        Assert.That(set!.HasErrors || set.Suites.Count == 1, Is.True, "either errors or a loaded suite");
    }

    [Test]
    public void A_large_suite_without_aliases_is_not_an_alias_bomb()
    {
        var yaml = new StringBuilder("id: large\ntarget: { provider: openai, model: gpt-4o-2024-08-06 }\ncases:\n");
        for (var index = 0; index < 8_000; index++)
        {
            yaml.Append("  - { id: case-").Append(index).Append(", prompt: x, tags: [a, b, c, d, e, f, g, h] }\n");
        }

        var set = SuiteFiles.Load(yaml.ToString());
        Assert.That(set.Diagnostics, Is.Empty, string.Join("\n", set.Diagnostics));
        Assert.That(set.Suites.Single().Cases, Has.Count.EqualTo(8_000));
    }

    [Test]
    public void The_loader_accepts_the_valid_suite_being_mutated() =>
        Assert.That(SuiteFiles.Load(ValidSuite).HasErrors, Is.False);

    [Test]
    public void Deleting_any_single_line_never_throws()
    {
        var lines = ValidSuite.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var mutated = string.Join('\n', lines.Where((_, number) => number != index));
            AssertLoads(mutated, $"without line {index + 1}");
        }
    }

    [Test]
    public void Deleting_random_characters_never_throws()
    {
        var random = new Random(20240806);
        for (var round = 0; round < 500; round++)
        {
            var builder = new StringBuilder(ValidSuite);
            var deletions = random.Next(1, 6);
            for (var count = 0; count < deletions && builder.Length > 0; count++)
            {
                var start = random.Next(builder.Length);
                builder.Remove(start, Math.Min(random.Next(1, 8), builder.Length - start));
            }

            AssertLoads(builder.ToString(), $"round {round}");
        }
    }

    [Test]
    public void Truncating_the_file_anywhere_never_throws()
    {
        for (var length = 0; length < ValidSuite.Length; length += 7)
        {
            AssertLoads(ValidSuite[..length], $"first {length} characters");
        }
    }

    [Test]
    public void Inserting_structural_characters_never_throws()
    {
        var random = new Random(7);
        string[] insertions = ["\t", ":", "- ", "[", "{", "}", "]", "&a ", "*a", "\"", "'", "\n  ", "? ", "|", ">", "#", "!!", "%", "@", "`", "\0", "\uFFFE"];
        for (var round = 0; round < 500; round++)
        {
            var position = random.Next(ValidSuite.Length);
            AssertLoads(ValidSuite.Insert(position, insertions[random.Next(insertions.Length)]), $"round {round}");
        }
    }

    private static void AssertLoads(string yaml, string what)
    {
        try
        {
            SuiteFiles.Load(yaml, MalformedCorpus.KnownProviders);
        }
        catch (Exception exception)
        {
            Assert.Fail($"The loader threw on the valid suite {what}:\n{exception}\n--- input ---\n{yaml}");
        }
    }
}
