namespace CredibilityApi.Credibility;

/// <summary>
/// The Beta distribution's mean, CDF and quantiles, computed exactly (to double precision) rather
/// than by a normal approximation, which misplaces the interval badly for small or lopsided evidence.
/// </summary>
public static class BetaDistribution
{
    private const int MaxIterations = 300;
    private const double Epsilon = 1e-15;
    private const double Tiny = 1e-300;

    public static double Mean(double alpha, double beta) => alpha / (alpha + beta);

    /// <summary>The regularized incomplete beta function I_x(a, b): P(X ≤ x) for X ~ Beta(a, b).</summary>
    public static double Cdf(double x, double a, double b)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(b);
        if (x <= 0)
        {
            return 0;
        }
        if (x >= 1)
        {
            return 1;
        }
        var front = Math.Exp((a * Math.Log(x)) + (b * Math.Log(1 - x)) - LogBeta(a, b));
        // The continued fraction converges fast only left of the mean; use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) beyond it.
        return x < (a + 1) / (a + b + 2)
            ? front * ContinuedFraction(x, a, b) / a
            : 1 - (front * ContinuedFraction(1 - x, b, a) / b);
    }

    /// <summary>The x with P(X ≤ x) = p for X ~ Beta(a, b): Newton steps kept inside a shrinking bisection bracket.</summary>
    public static double Quantile(double p, double a, double b)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(b);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        if (p == 0)
        {
            return 0;
        }
        if (p == 1)
        {
            return 1;
        }
        var (low, high) = (0.0, 1.0);
        var x = Mean(a, b);
        var logBeta = LogBeta(a, b);
        for (var i = 0; i < MaxIterations && high - low > 1e-15; i++)
        {
            var error = Cdf(x, a, b) - p;
            if (error == 0)
            {
                return x;
            }
            if (error < 0)
            {
                low = x;
            }
            else
            {
                high = x;
            }
            var density = Math.Exp(((a - 1) * Math.Log(x)) + ((b - 1) * Math.Log(1 - x)) - logBeta);
            var next = density > 0 && double.IsFinite(density) ? x - (error / density) : double.NaN;
            if (!(next > low && next < high))
            {
                next = (low + high) / 2;
            }
            if (Math.Abs(next - x) < 1e-14)
            {
                return next;
            }
            x = next;
        }
        return x;
    }

    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>ln Γ(x) for x &gt; 0 by the Lanczos approximation (g = 7, 9 terms), good to about 15 digits.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // reflection: Γ(x) Γ(1 − x) = π / sin(πx)
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }
        x -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++)
        {
            sum += Lanczos[i] / (x + i);
        }
        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>The continued fraction of the incomplete beta function, by the modified Lentz method.</summary>
    private static double ContinuedFraction(double x, double a, double b)
    {
        var (qab, qap, qam) = (a + b, a + 1, a - 1);
        var c = 1.0;
        var d = 1 - (qab * x / qap);
        d = Math.Abs(d) < Tiny ? Tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= MaxIterations; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var step = d * c;
            h *= step;
            if (Math.Abs(step - 1) < Epsilon)
            {
                break;
            }
        }
        return h;
    }
}
