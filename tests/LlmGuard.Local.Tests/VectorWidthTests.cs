using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace LlmGuard.Local.Tests;

/// <summary>
/// The kernels take 256-bit vector paths where the machine has them and scalar or 128-bit paths elsewhere; the logits must
/// be the same bits either way. A child test run with AVX and AVX2 switched off (DOTNET_EnableAVX=0, DOTNET_EnableAVX2=0)
/// checks the recorded logits digests and the kernel tests on the narrow paths.
/// </summary>
[TestFixture]
public sealed class VectorWidthTests
{
    private const string ChildMarker = "LLMGUARD_TEST_NARROW_VECTORS";

    [Test]
    public void The_kernels_give_the_recorded_bits_without_256_bit_vectors()
    {
        if (Environment.GetEnvironmentVariable(ChildMarker) is not null)
        {
            Assert.Ignore("this is the child run");
        }

        if (!Vector256.IsHardwareAccelerated)
        {
            Assert.Ignore("this machine has no 256-bit vectors: every run already takes the narrow paths");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "test", typeof(VectorWidthTests).Assembly.Location,
            "--filter", "FullyQualifiedName~LogitsDigestTests|FullyQualifiedName~MatrixKernelTests|FullyQualifiedName~DeterministicArithmeticTests|FullyQualifiedName~VectorWidthTests.The_child_run_has_no_256_bit_vectors",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_EnableAVX"] = "0";
        start.Environment["DOTNET_EnableAVX2"] = "0";
        start.Environment[ChildMarker] = "1";
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            child.Kill(entireProcessTree: true);
            Assert.Fail("the child test run did not finish within 5 minutes");
        }

        var printed = output.Result + error.Result;
        Assert.Multiple(() =>
        {
            Assert.That(child.ExitCode, Is.Zero, printed);
            Assert.That(printed, Does.Match(@"Passed!\s+- Failed:\s+0, Passed:\s+[1-9][0-9]+, Skipped:\s+0"), printed);
        });
    }

    [Test]
    public void The_child_run_has_no_256_bit_vectors()
    {
        if (Environment.GetEnvironmentVariable(ChildMarker) is null)
        {
            Assert.Ignore("checked in the child run only");
        }

        Assert.That(Vector256.IsHardwareAccelerated, Is.False, "DOTNET_EnableAVX2=0 reached the child");
    }
}
