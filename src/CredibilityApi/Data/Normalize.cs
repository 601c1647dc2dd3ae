namespace CredibilityApi.Data;

/// <summary>
/// How a value is stored, the same for every path that writes it: <see cref="RowWriter"/> for new
/// rows and the stores' updates. Folding for matching and search is <see cref="Text.TextFold"/>'s.
/// </summary>
public static class Normalize
{
    /// <summary>A source's name or alias as stored: as given, without surrounding white space.</summary>
    public static string Name(string name) => name.Trim();

    /// <summary>A claim's text or an article's title as stored.</summary>
    public static string Text(string text) => text.Trim();

    /// <summary>An ISO 3166-1 alpha-2 country code as stored: upper case.</summary>
    public static string? Country(string? country) => country?.ToUpperInvariant();
}
