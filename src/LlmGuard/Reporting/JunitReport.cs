using System.Globalization;
using System.Text;
using System.Xml;
using LlmGuard.Results;

namespace LlmGuard.Reporting;

/// <summary>
/// The JUnit XML report that CI test tabs read (GitHub test reporters, Azure DevOps, GitLab, Jenkins), valid against the
/// common JUnit XML shape (tests/LlmGuard.Tests/Reporting/junit.xsd): a <c>testsuite</c> per suite, a <c>testcase</c> per case (a failure for a
/// case the gate fails, an error for a provider error, a passing case with a note for a change within the allowed
/// share), and a <c>(gate)</c> test per suite whose gate allows changes, failing when more changed than it allows.
/// Characters XML 1.0 cannot hold (NUL, ESC and the other controls) are shown as control pictures, with a note.
/// </summary>
internal static class JunitReport
{
    /// <summary>The name of the test that stands for a suite's gate, as in the NUnit adapter.</summary>
    public const string GateTestName = "(gate)";

    private const int MaxBodyCharacters = 64_000;
    private static readonly string ProviderError = CaseOutcome.ProviderError.ToName();
    private static readonly string Unchanged = CaseOutcome.Unchanged.ToName();
    private static readonly string New = CaseOutcome.New.ToName();
    private const string ReplacedNote = "\n(Characters XML cannot hold — NUL, ESC and other control characters — are shown as control pictures such as ␀ and ␛.)";

    /// <summary>Renders the report.</summary>
    public static string Render(RunReport report)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n", CheckCharacters = true };
        var text = new Utf8StringWriter();
        using (var writer = XmlWriter.Create(text, settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("testsuites");
            writer.WriteAttributeString("name", "LlmGuard");
            var groups = report.Cases.GroupBy(reportCase => reportCase.Suite, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
            var suiteIds = report.Suites.Select(suite => suite.Id).Concat(groups.Keys.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
            var gateTests = report.Suites.Where(HasGateTest).ToDictionary(suite => suite.Id, StringComparer.Ordinal);
            var tests = report.Cases.Count + gateTests.Count;
            var failures = report.Cases.Count(IsFailure) + gateTests.Values.Count(suite => !suite.Gate.Passed);
            var errors = report.Cases.Count(IsError);
            writer.WriteAttributeString("tests", Number(tests));
            writer.WriteAttributeString("failures", Number(failures));
            writer.WriteAttributeString("errors", Number(errors));
            writer.WriteAttributeString("time", ReportText.Seconds(report.Cases.Sum(reportCase => reportCase.DurationMs)));
            foreach (var id in suiteIds)
            {
                var cases = groups.GetValueOrDefault(id) ?? [];
                var suite = report.Suites.FirstOrDefault(candidate => candidate.Id == id);
                WriteSuite(writer, id, suite, cases, gateTests.ContainsKey(id), report.Environment);
            }

            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return text.ToString() + "\n";
    }

    private static void WriteSuite(XmlWriter writer, string id, ReportSuite? suite, List<ReportCase> cases, bool gateTest, ReportEnvironment environment)
    {
        writer.WriteStartElement("testsuite");
        writer.WriteAttributeString("name", Attribute(id));
        writer.WriteAttributeString("tests", Number(cases.Count + (gateTest ? 1 : 0)));
        writer.WriteAttributeString("failures", Number(cases.Count(IsFailure) + (gateTest && suite is { Gate.Passed: false } ? 1 : 0)));
        writer.WriteAttributeString("errors", Number(cases.Count(IsError)));
        writer.WriteAttributeString("skipped", "0");
        writer.WriteAttributeString("time", ReportText.Seconds(cases.Sum(reportCase => reportCase.DurationMs)));
        if (environment.StartedAt is { } started)
        {
            writer.WriteAttributeString("timestamp", started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        }

        if (suite?.File is { } file)
        {
            writer.WriteAttributeString("file", Attribute(file));
        }

        writer.WriteStartElement("properties");
        WriteProperty(writer, "llmguard.version", environment.ToolVersion);
        WriteProperty(writer, "mode", environment.Mode);
        if (suite is not null)
        {
            WriteProperty(writer, "provider", suite.Target.Provider);
            WriteProperty(writer, "model", suite.Target.Model);
            if (suite.Target.Endpoint is { } endpoint)
            {
                WriteProperty(writer, "endpoint", endpoint);
            }

            foreach (var rule in suite.Gate.Rules)
            {
                WriteProperty(writer, "gate." + rule.Name, ReportViews.RuleValue(rule));
            }
        }

        writer.WriteEndElement();
        foreach (var reportCase in cases)
        {
            WriteCase(writer, reportCase);
        }

        if (gateTest && suite is not null)
        {
            writer.WriteStartElement("testcase");
            writer.WriteAttributeString("name", GateTestName);
            writer.WriteAttributeString("classname", Attribute(id));
            writer.WriteAttributeString("time", "0.000");
            if (!suite.Gate.Passed)
            {
                writer.WriteStartElement("failure");
                writer.WriteAttributeString("type", "gate");
                writer.WriteAttributeString("message", Attribute($"the gate of suite '{id}' failed"));
                WriteBody(writer, string.Join("\n", suite.Gate.Reasons.Select(reason => "- " + reason)));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        if (suite is not null)
        {
            var summary = new StringBuilder();
            summary.Append("gate ").Append(suite.Gate.Passed ? "passed" : "failed").Append(" over ").Append(ReportText.Cases(suite.Total)).Append('\n');
            foreach (var reason in suite.Gate.Reasons)
            {
                summary.Append("- ").Append(reason).Append('\n');
            }

            foreach (var change in suite.IdentityChanges)
            {
                summary.Append("model identity ").Append(ReportDriftText.IdentityChanged(change)).Append(": ").Append(change).Append('\n');
            }

            foreach (var line in ReportDriftText.SuiteLines(suite))
            {
                summary.Append(line).Append('\n');
            }

            foreach (var rule in suite.Gate.RuleResults)
            {
                summary.Append("rule ").Append(rule.Describe()).Append('\n');
            }

            writer.WriteStartElement("system-out");
            WriteBody(writer, summary.ToString());
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteCase(XmlWriter writer, ReportCase reportCase)
    {
        writer.WriteStartElement("testcase");
        writer.WriteAttributeString("name", Attribute(reportCase.Case));
        writer.WriteAttributeString("classname", Attribute(reportCase.Suite));
        writer.WriteAttributeString("time", ReportText.Seconds(reportCase.DurationMs));
        var details = Details(reportCase);
        if (IsFailure(reportCase) || IsError(reportCase))
        {
            writer.WriteStartElement(IsError(reportCase) ? "error" : "failure");
            writer.WriteAttributeString("type", Attribute(reportCase.Outcome));
            writer.WriteAttributeString("message", Attribute($"{reportCase.Outcome}: {ReportText.OneLine(reportCase.Summary, 1000)}"
                + (reportCase.DecidingStep is { } deciding ? $" (deciding step: {deciding.Step})" : "")));
            WriteBody(writer, details);
            writer.WriteEndElement();
        }
        else if (reportCase.Gate == ReportViews.Warn || reportCase.Outcome != Unchanged)
        {
            writer.WriteStartElement("system-out");
            WriteBody(writer, (reportCase.Gate == ReportViews.Warn ? "warning: a change the suite's gate allows within its share of changed cases\n" : "")
                + (ReportDriftText.PassReason(reportCase) is { } reason ? $"passed: {reason}\n" : "") + details);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static string Details(ReportCase reportCase)
    {
        var builder = new StringBuilder();
        builder.Append(reportCase.Outcome).Append(" — ").Append(reportCase.Summary).Append('\n');
        foreach (var failure in reportCase.AssertionFailures)
        {
            builder.Append("  ✗ ").Append(failure.Message).Append('\n');
        }

        if (reportCase.Failure is { } providerFailure)
        {
            builder.Append("provider failure (").Append(providerFailure.Kind).Append(providerFailure.StatusCode is { } status ? $", status {status.ToString(CultureInfo.InvariantCulture)}" : "").Append("): ").Append(providerFailure.Message).Append('\n');
        }

        foreach (var change in reportCase.IdentityChanges)
        {
            builder.Append("identity ").Append(ReportDriftText.IdentityChanged(change)).Append(": ").Append(change).Append('\n');
        }

        foreach (var line in ReportDriftText.CaseLines(reportCase))
        {
            builder.Append(line).Append('\n');
        }

        if (reportCase.Verified is { } verified)
        {
            builder.Append("Verified: ").Append(verified).Append('\n');
        }

        if (reportCase.Received is { } received)
        {
            builder.Append("Received: ").Append(received).Append('\n');
        }

        if (reportCase.Diff is { Length: > 0 } diff)
        {
            builder.Append(diff.TrimEnd('\n')).Append('\n');
        }
        else if (reportCase.Outcome == New && reportCase.Output is { } output)
        {
            builder.Append("Output:\n").Append(output).Append('\n');
        }

        return builder.ToString();
    }

    private static void WriteBody(XmlWriter writer, string text)
    {
        var shown = ReportText.Truncate(text, MaxBodyCharacters, out var cut);
        var visible = ReportText.Visible(shown, out var replaced);
        writer.WriteString(visible + (cut > 0 ? $"\n… {cut.ToString(CultureInfo.InvariantCulture)} more characters not shown; the HTML and JSON reports have them." : "") + (replaced ? ReplacedNote : ""));
    }

    private static void WriteProperty(XmlWriter writer, string name, string value)
    {
        writer.WriteStartElement("property");
        writer.WriteAttributeString("name", Attribute(name));
        writer.WriteAttributeString("value", Attribute(value));
        writer.WriteEndElement();
    }

    private static string Attribute(string text) => ReportText.OneLine(text, 2000);

    private static bool IsError(ReportCase reportCase) => reportCase.Gate == ReportViews.Fail && reportCase.Outcome == ProviderError;

    private static bool IsFailure(ReportCase reportCase) => reportCase.Gate == ReportViews.Fail && reportCase.Outcome != ProviderError;

    private static bool HasGateTest(ReportSuite suite) => suite.Gate.Outcomes.Values.Contains(ReportViews.Warn);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding => Encoding.UTF8;
    }
}
