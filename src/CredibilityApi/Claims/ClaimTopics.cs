using System.Globalization;
using CredibilityApi.Text;
using FluentValidation;

namespace CredibilityApi.Claims;

/// <summary>
/// A claim's topics: short tags ("troop numbers", "الدبلوماسية") stored and matched folded: case,
/// accents and Arabic letter forms folded as names are, words joined by '-' ("Troop_Numbers" and
/// "troop numbers" are both "troop-numbers").
/// </summary>
public static class ClaimTopics
{
    public const int MaxTopics = 5;
    public const int MaxLength = 50;

    public const string Rule =
        "At most 5 topics, each 1 to 50 characters of letters, digits, spaces, '-' or '_', with at least one letter or digit; stored folded " +
        "(case, accents, Arabic letter forms and diacritics ignored, words joined by '-'), repeats once.";

    /// <summary>The stored form of a topic: its folded words joined by '-'.</summary>
    public static string Normalize(string topic) => string.Join('-', TextFold.Words(topic).Select(w => w.Folded));

    /// <summary>The stored forms of a list of topics, in order, each once.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string>? topics) =>
        topics is null ? [] : [.. topics.Select(Normalize).Distinct(StringComparer.Ordinal)];

    /// <summary>Why a topic is refused, or null when it is a topic.</summary>
    public static string? Problem(string? topic)
    {
        if (topic is null)
        {
            return "must be a string.";
        }
        var trimmed = topic.Trim();
        if (trimmed.Length is 0 or > MaxLength)
        {
            return $"must be 1 to {MaxLength} characters.";
        }
        foreach (var c in trimmed)
        {
            var category = char.GetUnicodeCategory(c);
            var allowed = char.IsLetterOrDigit(c) || c is ' ' or '-' or '_'
                || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
            if (!allowed)
            {
                return $"may hold only letters, digits, spaces, '-' and '_' (found '{c}').";
            }
        }
        return Normalize(trimmed).Length == 0 ? "must hold at least one letter or digit." : null;
    }

    /// <summary>The topics rule: the list's length, then each topic's characters.</summary>
    public static IRuleBuilderOptionsConditions<T, IReadOnlyList<string>?> Topics<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Custom((topics, context) =>
        {
            if (topics is null)
            {
                return;
            }
            if (topics.Count > MaxTopics)
            {
                context.AddFailure($"must hold at most {MaxTopics} topics.");
                return;
            }
            for (var i = 0; i < topics.Count; i++)
            {
                if (Problem(topics[i]) is { } problem)
                {
                    context.AddFailure($"topics[{i}] {problem}");
                }
            }
        });
}
