using System.Collections.Frozen;
using CredibilityApi.Text;
using CredibilityApi.Verdicts;

namespace CredibilityApi.ClaimReviews;

/// <summary>
/// How a ClaimReview's reviewRating becomes one of our ratings: a numeric ratingValue by its place on the
/// reviewer's scale, otherwise the reviewer's label.
/// </summary>
public static class ClaimReviewRatings
{
    /// <summary>schema.org's defaults for a Rating's scale.</summary>
    public const double DefaultBest = 5;
    public const double DefaultWorst = 1;

    // Folded as labels are matched (TextFold, then words joined by one space), so "Mostly-True", "mostly true"
    // and "صحيح جزئياً" all hit their entry.
    private static readonly FrozenDictionary<string, Rating> Labels = new Dictionary<string, Rating>
    {
        ["true"] = Rating.True,
        ["correct"] = Rating.True,
        ["accurate"] = Rating.True,
        ["صحيح"] = Rating.True,
        ["mostly true"] = Rating.MostlyTrue,
        ["mostly correct"] = Rating.MostlyTrue,
        ["partly true"] = Rating.MostlyTrue,
        ["partially true"] = Rating.MostlyTrue,
        ["صحيح في معظمه"] = Rating.MostlyTrue,
        ["صحيح جزئياً"] = Rating.MostlyTrue,
        ["mixed"] = Rating.Mixed,
        ["mixture"] = Rating.Mixed,
        ["half true"] = Rating.Mixed,
        ["مختلط"] = Rating.Mixed,
        ["نصف صحيح"] = Rating.Mixed,
        ["misleading"] = Rating.MostlyFalse,
        ["mostly false"] = Rating.MostlyFalse,
        ["partly false"] = Rating.MostlyFalse,
        ["مضلل"] = Rating.MostlyFalse,
        ["false"] = Rating.False,
        ["incorrect"] = Rating.False,
        ["pants on fire"] = Rating.False,
        ["fake"] = Rating.False,
        ["زائف"] = Rating.False,
        ["كاذب"] = Rating.False,
        ["خاطئ"] = Rating.False,
        ["غير صحيح"] = Rating.False,
        ["unproven"] = Rating.Unverifiable,
        ["unverifiable"] = Rating.Unverifiable,
        ["unverified"] = Rating.Unverifiable,
        ["غير مؤكد"] = Rating.Unverifiable,
        ["لا يمكن التحقق"] = Rating.Unverifiable,
        ["لا يمكن التحقق منه"] = Rating.Unverifiable,
    }.ToFrozenDictionary(p => Key(p.Key), p => p.Value, StringComparer.Ordinal);

    /// <summary>The rating a label names, matched folded (case, accents, tashkeel, hamza seats, punctuation ignored).</summary>
    public static Rating? FromLabel(string label) => Labels.TryGetValue(Key(label), out var rating) ? rating : null;

    /// <summary>
    /// The rating for <paramref name="value"/> on the scale <paramref name="worst"/>..<paramref name="best"/>
    /// (best &gt; worst, value between them): its position p = (value − worst) ÷ (best − worst) in [0, 1] goes to
    /// the nearest of false 0, mostly-false ¼, mixed ½, mostly-true ¾, true 1 — the points the export's 1..5
    /// scale stands on — and a position exactly halfway between two goes to the one nearer mixed, the less
    /// extreme rating. On 1..5 that is 1 false … 5 true; on 0..10, 0–1 false, 2–3 mostly-false, 4–6 mixed,
    /// 7–8 mostly-true, 9–10 true.
    /// </summary>
    public static Rating FromScale(double value, double worst, double best)
    {
        // Rounded so that a tie computed in binary floating point stays a tie.
        var steps = Math.Round((value - worst) / (best - worst) * 4, 9);
        var below = Math.Floor(steps);
        var fraction = steps - below;
        var step = fraction > 0.5 || (fraction == 0.5 && below < 2) ? below + 1 : below;
        return step switch
        {
            <= 0 => Rating.False,
            1 => Rating.MostlyFalse,
            2 => Rating.Mixed,
            3 => Rating.MostlyTrue,
            _ => Rating.True,
        };
    }

    /// <summary>The labels this service knows, for error messages.</summary>
    public static string Known { get; } =
        "True/صحيح, Mostly true/صحيح في معظمه/صحيح جزئياً, Mixed/Half true/مختلط/نصف صحيح, Misleading/مضلل, Mostly false, " +
        "False/زائف/كاذب/خاطئ/غير صحيح, Unproven/Unverifiable/غير مؤكد/لا يمكن التحقق";

    private static string Key(string label) => string.Join(' ', TextFold.Words(label).Select(w => w.Folded));
}
