using System.Net;
using System.Text.Json;
using LlmGuard.Providers.Http;

namespace LlmGuard.Providers.Tests;

public sealed class HttpLayerTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Retry_after_ms_wins_over_retry_after()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Add("retry-after-ms", "1500");
        response.Headers.Add("Retry-After", "30");

        Assert.That(RetryAfter.Of(response, Now), Is.EqualTo(TimeSpan.FromMilliseconds(1500)));
    }

    [TestCase("250.5", 250.5)]
    [TestCase("0", 0.0)]
    public void Retry_after_ms_is_read_in_milliseconds(string header, double milliseconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Add("retry-after-ms", header);

        Assert.That(RetryAfter.Of(response, Now), Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("-5")]
    [TestCase("soon")]
    public void An_unreadable_retry_after_ms_falls_back_to_retry_after(string header)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Add("retry-after-ms", header);
        response.Headers.Add("Retry-After", "7");

        Assert.That(RetryAfter.Of(response, Now), Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public void A_retry_after_date_is_the_time_left_until_then()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(Now.AddSeconds(12));

        Assert.That(RetryAfter.Of(response, Now), Is.EqualTo(TimeSpan.FromSeconds(12)));
    }

    [TestCase(0)]
    [TestCase(280)]
    [TestCase(290)]
    [TestCase(295)]
    [TestCase(299)]
    public void A_key_straddling_the_cut_of_a_long_message_leaves_no_trace(int fillerLength)
    {
        const string Key = "0123456789abcdef0123456789abcdef";
        var call = new ProviderCallContext("azure-openai", "Check the key.", [Key], TimeSpan.FromSeconds(30));
        var message = new string('x', fillerLength) + " key " + Key + " was refused " + new string('y', 400);
        var body = JsonSerializer.Serialize(new { error = new { message, type = "invalid_request_error" } });

        var failure = HttpFailureDescriber.Describe(HttpStatusCode.BadRequest, body, call);

        Assert.Multiple(() =>
        {
            Assert.That(failure.Message, Does.Not.Contain(Key[..4]), "no prefix of the key survives the cut");
            Assert.That(failure.Message, Does.EndWith("…"), "the message is still shortened");
            Assert.That(failure.Message.Length, Is.LessThan(400));
        });
    }
}
