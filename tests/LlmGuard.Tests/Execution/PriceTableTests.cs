using LlmGuard.Execution;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Execution;

/// <summary>How a model name finds its price: exactly, or as a dated snapshot of a listed name, the suite's prices first.</summary>
public sealed class PriceTableTests
{
    private static readonly Dictionary<string, ModelPrice> NoSuitePrices = [];

    [Test]
    public void A_listed_name_takes_its_own_price()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PriceTable.Find(NoSuitePrices, "gpt-4o"), Is.EqualTo(new ModelPrice(2.50, 10)));
            Assert.That(PriceTable.Find(NoSuitePrices, "gpt-4o-mini"), Is.EqualTo(new ModelPrice(0.15, 0.60)));
        });
    }

    [Test]
    public void A_dated_snapshot_takes_the_price_of_the_longest_name_it_extends()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PriceTable.Find(NoSuitePrices, "gpt-4o-2024-08-06"), Is.EqualTo(new ModelPrice(2.50, 10)));
            Assert.That(PriceTable.Find(NoSuitePrices, "gpt-4o-mini-2024-07-18"), Is.EqualTo(new ModelPrice(0.15, 0.60)));
            Assert.That(PriceTable.Find(NoSuitePrices, "gpt-3.5-turbo-0125"), Is.EqualTo(new ModelPrice(0.50, 1.50)));
        });
    }

    [Test]
    public void A_suffix_that_is_not_a_date_or_a_bare_dash_finds_no_price()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PriceTable.Find(NoSuitePrices, "gpt-4o-audio-preview"), Is.Null);
            Assert.That(PriceTable.Find(NoSuitePrices, "gpt-4o-"), Is.Null);
            Assert.That(PriceTable.Find(NoSuitePrices, "gpt-4o2024"), Is.Null);
            Assert.That(PriceTable.Find(NoSuitePrices, "bench-model-2025-01-01"), Is.Null);
        });
    }

    [Test]
    public void The_suite_prices_come_before_the_built_in_ones()
    {
        var suitePrices = new Dictionary<string, ModelPrice>(StringComparer.Ordinal)
        {
            ["gpt-4o"] = new(1, 2),
            ["ft:acme"] = new(3, 4),
            ["ft:acme-1"] = new(5, 6),
        };

        Assert.Multiple(() =>
        {
            Assert.That(PriceTable.Find(suitePrices, "gpt-4o-2024-08-06"), Is.EqualTo(new ModelPrice(1, 2)));
            Assert.That(PriceTable.Find(suitePrices, "ft:acme-2025-01-01"), Is.EqualTo(new ModelPrice(3, 4)));
            Assert.That(PriceTable.Find(suitePrices, "ft:acme-1-2025"), Is.EqualTo(new ModelPrice(5, 6)), "both names match; the longer wins");
            Assert.That(PriceTable.Find(suitePrices, "gpt-5-mini"), Is.EqualTo(new ModelPrice(0.25, 2)));
        });
    }
}
