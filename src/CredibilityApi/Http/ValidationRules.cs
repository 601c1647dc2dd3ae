using System.Text.RegularExpressions;
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
            .WithMessage($"must be an absolute http or https URL of at most {MaxUrlLength} characters.");

    /// <summary>Text without control characters (tab and line breaks allowed), at most <paramref name="max"/> long.</summary>
    /// <summary>
    /// Text without control characters (tab and line breaks allowed) or bidi embeddings, overrides
    /// and isolates (which can make stored text read differently from what it says), at most
    /// <paramref name="max"/> long. The marks Arabic text legitimately carries (LRM, RLM, ALM) pass.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.MaximumLength(max)
            .Must(text => text is null || IsPlainText(text))
            .WithMessage(PlainTextMessage);

    public const string PlainTextMessage = "must not contain control characters or bidi overrides.";

    /// <summary>Whether <paramref name="text"/> passes <see cref="PlainText"/>'s character rule (for bodies read without a validator).</summary>
    public static bool IsPlainText(string text) => !text.Any(IsForbidden);

    private static bool IsForbidden(char c) =>
        (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
        || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    public static IRuleBuilderOptions<T, string?> Required<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.NotEmpty().WithMessage("is required.")
            .Must(text => !string.IsNullOrWhiteSpace(text)).WithMessage("must not be blank.")
            .PlainText(max);

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
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || IsForbidden(c))
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
