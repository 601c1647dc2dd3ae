using CredibilityApi.Credibility;

namespace CredibilityApi.Tests.Credibility;

public sealed class BetaDistributionTests
{
    [Theory]
    [InlineData(0.025)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.975)]
    public void UniformQuantileIsTheProbability(double p) =>
        Assert.Equal(p, BetaDistribution.Quantile(p, 1, 1), 12);

    [Theory]
    // Beta(2, 3): I_x = 6x²(1−x)² + 4x³(1−x) + x⁴, solved for p by bisection
    [InlineData(0.025, 2, 3, 0.06758598648854294)]
    [InlineData(0.5, 2, 3, 0.38572756813238945)]
    [InlineData(0.975, 2, 3, 0.8058795503167564)]
    // Beta(2, 1): CDF x², so the quantile is √p
    [InlineData(0.025, 2, 1, 0.15811388300841897)]
    [InlineData(0.975, 2, 1, 0.9874208829065749)]
    // Beta(1, 2): CDF 1 − (1 − x)², so the quantile is 1 − √(1 − p)
    [InlineData(0.025, 1, 2, 0.012579117093425)]
    // Beta(10, 1): quantile p^(1/10)
    [InlineData(0.025, 10, 1, 0.6915028921812392)]
    // Beta(½, ½), the arcsine law: quantile sin²(πp/2)
    [InlineData(0.025, 0.5, 0.5, 0.001541333133436012)]
    [InlineData(0.9, 0.5, 0.5, 0.9755282581475768)]
    public void QuantilesMatchClosedForms(double p, double a, double b, double expected) =>
        Assert.Equal(expected, BetaDistribution.Quantile(p, a, b), 9);

    [Theory]
    [InlineData(30, 30)]
    [InlineData(300.5, 20.25)]
    [InlineData(1.5, 80)]
    [InlineData(0.3, 0.7)]
    public void QuantileInvertsTheCdf(double a, double b)
    {
        foreach (var p in new[] { 0.001, 0.025, 0.5, 0.975, 0.999 })
        {
            Assert.Equal(p, BetaDistribution.Cdf(BetaDistribution.Quantile(p, a, b), a, b), 9);
        }
    }

    [Fact]
    public void SymmetricQuantilesMirrorEachOther()
    {
        var low = BetaDistribution.Quantile(0.025, 30, 30);
        var high = BetaDistribution.Quantile(0.975, 30, 30);
        Assert.Equal(1, low + high, 12);
        Assert.InRange(low, 0.37, 0.38);
    }

    [Fact]
    public void CdfOfIntegerParametersMatchesTheBinomialSum()
    {
        // I_x(2, 3) = 6x²(1−x)² + 4x³(1−x) + x⁴ at x = 0.3
        Assert.Equal((6 * 0.09 * 0.49) + (4 * 0.027 * 0.7) + 0.0081, BetaDistribution.Cdf(0.3, 2, 3), 12);
    }
}
