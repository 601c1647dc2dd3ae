using System.Text.RegularExpressions;
using CredibilityApi.Data;
using CredibilityApi.Text;
using FluentValidation;

namespace CredibilityApi.Http;

/// <summary>Rules shared by the features' validators.</summary>
public static partial class ValidationRules
{
    public const int MaxNameLength = 300;
    public const int MaxUrlLength = 2048;

    public static IRuleBuilderOptions<T, string?> LanguageTag<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(tag => tag is null || (tag.Length <= 35 && Bcp47().IsMatch(tag)))
            .WithMessage("must be a BCP 47 language tag such as 'ar', 'en' or 'ar-SY'.");

    public static IRuleBuilderOptions<T, string?> CountryCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(code => code is null || CountryCodes.IsAssigned(code))
            .WithMessage("must be an ISO 3166-1 alpha-2 country code such as 'SY' or 'IR'.");

    public static IRuleBuilderOptions<T, string?> HttpUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(url => url is null || IsHttpUrl(url))
            .WithMessage((_, url) => UrlMessage(url!));

    /// <summary>Why <paramref name="url"/> is refused: the character that may not stand in a URL, if one is the reason.</summary>
    public static string UrlMessage(string url) =>
        $"must be an absolute http or https URL of at most {MaxUrlLength} characters"
        + (TextRules.Find(url, TextKind.Url) is { } found ? $"; it holds {found}." : ".");

    /// <summary>
    /// Prose (claim text, titles, bodies, explanations, notes), at most <paramref name="max"/> long: text as pages
    /// give it, so tab, line breaks, C1 controls, bidi marks, embeddings and isolates pass; a C0 control or a bidi
    /// override is refused, the message naming its code point and position (<see cref="TextRules"/>).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.MaximumLength(max)
            .Must(text => text is null || TextRules.Refusal(text, TextKind.Prose) is null)
            .WithMessage((_, text) => TextRules.Refusal(text!, TextKind.Prose)!);

    /// <summary>Required prose: present, showing at least one character once folded, and <see cref="PlainText"/>.</summary>
    public static IRuleBuilderOptions<T, string?> Required<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.NotEmpty().WithMessage("is required.")
            .Must(text => string.IsNullOrEmpty(text) || TextRules.Shows(text)).WithMessage(TextRules.BlankMessage)
            .PlainText(max);

    /// <summary>
    /// A name or identifier (source names and aliases, reviewers, subjects, labels, authors, key names), at most
    /// <paramref name="max"/> long: when given, one line without control characters or bidi overrides, with at least
    /// one letter or digit once folded (a unit such as '%' needs only a visible character: <paramref name="symbolsAllowed"/>).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> Name<T>(this IRuleBuilder<T, string?> rule, int max, bool symbolsAllowed = false) =>
        rule.NameRules(max, symbolsAllowed, emptyChecked: false);

    /// <summary>A required <see cref="Name"/>.</summary>
    public static IRuleBuilderOptions<T, string?> RequiredName<T>(this IRuleBuilder<T, string?> rule, int max, bool symbolsAllowed = false) =>
        rule.NotEmpty().WithMessage("is required.")
            .NameRules(max, symbolsAllowed, emptyChecked: true);

    private static IRuleBuilderOptions<T, string?> NameRules<T>(this IRuleBuilder<T, string?> rule, int max, bool symbolsAllowed, bool emptyChecked) =>
        rule.MaximumLength(max)
            .Must(name => name is null || (emptyChecked && name.Length == 0)
                || (symbolsAllowed ? TextRules.Shows(name) : TextRules.HasLetterOrDigit(name)))
            .WithMessage(symbolsAllowed ? TextRules.BlankMessage : TextRules.NoLetterMessage)
            .Must(name => name is null || TextRules.Refusal(name, TextKind.Name) is null)
            .WithMessage((_, name) => TextRules.Refusal(name!, TextKind.Name)!);

    /// <summary>The one rule for every date the API stores: not before 1000-01-01, not more than a day after now (UTC).</summary>
    public const string DateMessage = "must lie between 1000-01-01 and one day after now (UTC).";

    public static readonly DateTimeOffset EarliestDate = new(1000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Whether <paramref name="at"/> keeps <see cref="DateMessage"/>'s rule.</summary>
    public static bool IsAcceptedDate(DateTimeOffset at) => at >= EarliestDate && at <= DateTimeOffset.UtcNow.AddDays(1);

    /// <summary>Whether the day <paramref name="day"/> keeps <see cref="DateMessage"/>'s rule (tomorrow, UTC, at the latest).</summary>
    public static bool IsAcceptedDate(DateOnly day) =>
        day >= DateOnly.FromDateTime(EarliestDate.UtcDateTime) && day <= DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1));

    public static IRuleBuilderOptions<T, DateTimeOffset?> AcceptedDate<T>(this IRuleBuilder<T, DateTimeOffset?> rule) =>
        rule.Must(at => at is null || IsAcceptedDate(at.Value)).WithMessage(DateMessage);

    public static IRuleBuilderOptions<T, DateOnly?> AcceptedDate<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.Must(day => day is null || IsAcceptedDate(day.Value)).WithMessage(DateMessage);

    public static IRuleBuilderOptions<T, long?> PositiveId<T>(this IRuleBuilder<T, long?> rule) =>
        rule.GreaterThan(0).WithMessage("must be a positive id.");

    public static IRuleBuilderOptions<T, string?> OneOf<T, TEnum>(this IRuleBuilder<T, string?> rule)
        where TEnum : struct, Enum =>
        rule.Must(value => value is null || EnumText<TEnum>.TryParse(value, out _))
            .WithMessage(OneOfMessage(EnumText<TEnum>.All));

    /// <summary>What a field that takes one of <paramref name="names"/> says when it holds anything else, in a body or a query.</summary>
    public static string OneOfMessage(IEnumerable<string> names) => $"must be one of {string.Join(", ", names)}.";

    /// <summary>
    /// Limit and cursor rules. Where <paramref name="ranked"/> holds for a query (a search), its cursor
    /// must be a ranked one; elsewhere an id cursor.
    /// </summary>
    public static void Paged<T>(this AbstractValidator<T> validator, Func<T, bool>? ranked = null)
        where T : PageQuery
    {
        validator.RuleFor(q => q.Limit).InclusiveBetween(1, Paging.MaxLimit)
            .WithMessage($"must be between 1 and {Paging.MaxLimit}.");
        validator.RuleFor(q => q.Cursor)
            .Must((q, c) => c is null || (ranked?.Invoke(q) == true ? Cursor.TryDecode(c, out _, out _) : Cursor.TryDecode(c, out _)))
            .WithMessage("is not a cursor this service issued for this list; pass nextCursor back unchanged, with the same filters.");
    }

    public static bool IsHttpUrl(string url) =>
        url.Length <= MaxUrlLength
        && TextRules.Find(url, TextKind.Url) is null
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    // RFC 5646 well-formed tags: language (with extlangs), script, region, variants, extensions, private use.
    [GeneratedRegex(
        @"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?" +
        @"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*" +
        @"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?|[Xx](?:-[A-Za-z0-9]{1,8})+)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Bcp47();
}

/// <summary>For lists that take nothing but paging.</summary>
public sealed class PageQueryValidator : AbstractValidator<PageQuery>
{
    public PageQueryValidator() => this.Paged();
}
