using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using LlmGuard.Reporting;

namespace LlmGuard.Tests.Reporting;

public sealed class JunitReportTests
{
    private static readonly string SchemaPath = Path.Combine(RepositoryRoot.Path, "tests", "LlmGuard.Tests", "Reporting", "junit.xsd");

    [Test]
    public void The_report_of_every_class_and_hostile_outputs_validates_against_the_junit_schema()
    {
        var xml = JunitReport.Render(ReportSamples.Everything());

        Assert.That(Validate(xml), Is.Empty);
    }

    [Test]
    public void Each_case_is_one_testcase_and_the_gate_decides_failure_error_or_pass()
    {
        var document = XDocument.Parse(JunitReport.Render(ReportSamples.Everything()));
        var cases = document.Descendants("testcase").ToDictionary(element => (string)element.Attribute("classname")! + "/" + (string)element.Attribute("name")!);

        Assert.Multiple(() =>
        {
            Assert.That(cases.Keys, Is.SupersetOf(ReportSamples.EveryResult().Select(result => result.Name)));
            Assert.That(cases["classes/unchanged"].Elements().Select(e => e.Name.LocalName), Is.Empty);
            Assert.That(cases["classes/changed"].Element("failure"), Is.Null, "the suite allows half its cases to change: a warning");
            Assert.That(cases["classes/changed"].Element("system-out")!.Value, Does.StartWith("warning:"));
            Assert.That(cases["classes/new"].Element("failure")!.Attribute("type")!.Value, Is.EqualTo("new"));
            Assert.That(cases["classes/provider-error"].Element("error")!.Value, Does.Contain("status 503"));
            Assert.That(cases["classes/assertion-failed"].Element("failure")!.Attribute("message")!.Value, Does.StartWith("assertion-failed:"));
            Assert.That(cases["hostile/script"].Element("failure")!.Value, Does.Contain("+" + ReportSamples.ScriptTag), "text, escaped by the XML writer");
            Assert.That(cases["classes/(gate)"], Is.Not.Null, "a suite whose gate allows changes has a gate test");
            Assert.That(document.Root!.Attribute("tests")!.Value, Is.EqualTo(cases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public void Characters_xml_cannot_hold_are_shown_as_control_pictures_with_a_note()
    {
        var xml = JunitReport.Render(ReportSamples.Everything());
        var body = XDocument.Parse(xml).Descendants("testcase").Single(element => (string?)element.Attribute("name") == "ansi-nul").Element("failure")!.Value;

        Assert.Multiple(() =>
        {
            Assert.That(xml.IndexOfAny(['\0', '\u001b', '\u0007']), Is.EqualTo(-1), "no raw control character");
            Assert.That(body, Does.Contain("␛[31mALERT").And.Contain("NUL ␀ here"));
            Assert.That(body, Does.Contain("shown as control pictures"));
        });
    }

    [Test]
    public void A_five_megabyte_output_is_cut_with_a_note()
    {
        var xml = JunitReport.Render(ReportSamples.Everything());

        Assert.Multiple(() =>
        {
            Assert.That(xml.Length, Is.LessThan(1_000_000));
            Assert.That(XDocument.Parse(xml).Descendants("testcase").Single(element => (string?)element.Attribute("name") == "huge-new").Element("failure")!.Value,
                Does.Contain("more characters not shown"));
        });
    }

    [TestCase("<testsuites><testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\" time=\"0\"><testcase name=\"c\" time=\"0\"/></testsuite></testsuites>", "classname")]
    [TestCase("<testsuites><testsuite name=\"s\" tests=\"-1\" failures=\"0\" errors=\"0\" time=\"0\"/></testsuites>", "tests")]
    [TestCase("<testsuites><testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\" time=\"0\"><testcase name=\"c\" classname=\"s\" time=\"0\"><failure/><error/></testcase></testsuite></testsuites>", "error")]
    [TestCase("<results><testsuite name=\"s\" tests=\"0\" failures=\"0\" errors=\"0\" time=\"0\"/></results>", "results")]
    public void The_schema_rejects_what_ci_readers_would_misread(string xml, string named)
    {
        Assert.That(Validate(xml), Has.Some.Contain(named));
    }

    private static List<string> Validate(string xml)
    {
        var schemas = new XmlSchemaSet();
        using (var reader = XmlReader.Create(SchemaPath))
        {
            schemas.Add(null, reader);
        }

        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} {e.Exception?.LineNumber}:{e.Exception?.LinePosition}: {e.Message}");
        using var validating = XmlReader.Create(new StringReader(xml), settings);
        while (validating.Read())
        {
        }

        return errors;
    }
}
