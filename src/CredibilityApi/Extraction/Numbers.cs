using System.Globalization;
using System.Text;
using CredibilityApi.Claims;
using CredibilityApi.Text;

namespace CredibilityApi.Extraction;

/// <summary>
/// The number a proposition carries, with what it counts: Western and Arabic-Indic digits, thousands
/// separators, a scale word after the digits ("35 مليار", "1.5 million", "7000 آلاف", where the scale only
/// repeats what the digits already say) and number words ("ألفي", "ثلاثة آلاف", "two thousand"). Years and
/// days of a date are not quantities; nor is a number with no noun after it to say what it counts.
/// </summary>
internal static class Numbers
{
    private static readonly Dictionary<string, double> Words = Folded(new Dictionary<string, double>
    {
        ["واحد"] = 1,
        ["اثنان"] = 2,
        ["اثنين"] = 2,
        ["ثلاثة"] = 3,
        ["ثلاث"] = 3,
        ["أربعة"] = 4,
        ["أربع"] = 4,
        ["خمسة"] = 5,
        ["خمس"] = 5,
        ["ستة"] = 6,
        ["ست"] = 6,
        ["سبعة"] = 7,
        ["سبع"] = 7,
        ["ثمانية"] = 8,
        ["ثماني"] = 8,
        ["تسعة"] = 9,
        ["تسع"] = 9,
        ["عشرة"] = 10,
        ["عشر"] = 10,
        ["عشرين"] = 20,
        ["عشرون"] = 20,
        ["ثلاثين"] = 30,
        ["أربعين"] = 40,
        ["خمسين"] = 50,
        ["مئة"] = 100,
        ["مائة"] = 100,
        ["مئتي"] = 200,
        ["مائتي"] = 200,
        ["مئتين"] = 200,
        ["ألف"] = 1000,
        ["ألفي"] = 2000,
        ["ألفين"] = 2000,
        ["ألفا"] = 2000,
        ["ألفان"] = 2000,
        ["مليون"] = 1e6,
        ["مليوني"] = 2e6,
        ["مليونين"] = 2e6,
        ["one"] = 1,
        ["two"] = 2,
        ["three"] = 3,
        ["four"] = 4,
        ["five"] = 5,
        ["six"] = 6,
        ["seven"] = 7,
        ["eight"] = 8,
        ["nine"] = 9,
        ["ten"] = 10,
        ["eleven"] = 11,
        ["twelve"] = 12,
        ["fifteen"] = 15,
        ["twenty"] = 20,
        ["thirty"] = 30,
        ["forty"] = 40,
        ["fifty"] = 50,
        ["hundred"] = 100,
        ["thousand"] = 1000,
        ["million"] = 1e6,
        ["billion"] = 1e9,
    });

    private static readonly Dictionary<string, double> Scales = Folded(new Dictionary<string, double>
    {
        ["مئة"] = 100,
        ["مائة"] = 100,
        ["ألف"] = 1e3,
        ["آلاف"] = 1e3,
        ["مليون"] = 1e6,
        ["ملايين"] = 1e6,
        ["مليار"] = 1e9,
        ["مليارات"] = 1e9,
        ["بليون"] = 1e9,
        ["hundred"] = 100,
        ["thousand"] = 1e3,
        ["million"] = 1e6,
        ["billion"] = 1e9,
        ["trillion"] = 1e12,
    });

    private static readonly HashSet<string> DateWords = Lexicon.Set(
        "عام", "العام", "سنة", "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
        "نوفمبر", "ديسمبر", "كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين", "year",
        "in", "since", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "الساعة", "o'clock", "am", "pm", "منذ", "مطلع", "أواخر", "نهاية");

    private static readonly HashSet<string> Fillers = Lexicon.Set(
        "من", "of", "على", "الأقل", "least", "at", "نحو", "حوالي", "أكثر", "more", "than", "about", "some", "additional",
        "roughly", "around", "أيضا", "other", "extra", "new", "جديدة", "جديد", "فقط", "only", "just");

    private static readonly Dictionary<string, string> Units = Folded(new Dictionary<string, string>
    {
        ["troops"] = "troops",
        ["soldiers"] = "troops",
        ["fighters"] = "troops",
        ["جندي"] = "troops",
        ["جنود"] = "troops",
        ["مقاتل"] = "troops",
        ["مقاتلي"] = "troops",
        ["مقاتلين"] = "troops",
        ["عنصر"] = "troops",
        ["عناصر"] = "troops",
        ["people"] = "people",
        ["civilians"] = "people",
        ["شخص"] = "people",
        ["شخصا"] = "people",
        ["أشخاص"] = "people",
        ["مدني"] = "people",
        ["مدنيا"] = "people",
        ["مدنيين"] = "people",
        ["نسمة"] = "people",
        ["قتيل"] = "deaths",
        ["قتيلا"] = "deaths",
        ["dead"] = "deaths",
        ["deaths"] = "deaths",
        ["دولار"] = "usd",
        ["dollars"] = "usd",
        ["قوات"] = "troops",
        ["القوات"] = "troops",
        ["percent"] = "percent",
        ["بالمئة"] = "percent",
        ["بالمائة"] = "percent",
        ["%"] = "percent",
    });

    /// <summary>Arabic-Indic and Persian digits as Western ones, the separators kept.</summary>
    public static string Western(string digits)
    {
        var text = new StringBuilder(digits.Length);
        foreach (var c in digits)
        {
            text.Append(char.IsDigit(c) ? (char)('0' + (int)char.GetNumericValue(c)) : c);
        }
        return text.ToString();
    }

    /// <summary>The first quantity in tokens [from, to), or null.</summary>
    public static Quantity? Read(List<Token> tokens, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var t = tokens[i];
            double value;
            var next = i + 1;
            if (t.Kind == TokenKind.Number)
            {
                if (Parse(t.Key) is not { } parsed || IsDate(tokens, i, to))
                {
                    continue;
                }
                value = parsed;
                if (next < to && Scales.TryGetValue(tokens[next].Key, out var scale))
                {
                    // "7000 آلاف": the scale repeats what the digits say; "35 مليار": it multiplies.
                    value = value >= scale && scale == 1e3 ? value : value * scale;
                    next++;
                }
            }
            else if (t.IsWord && (Words.TryGetValue(t.Key, out var word) || Words.TryGetValue(t.Bare, out word)))
            {
                value = word;
                while (next < to && Scales.TryGetValue(tokens[next].Key, out var scale) && scale > value)
                {
                    value *= scale;
                    next++;
                }
                if (value < 2)
                {
                    continue;
                }
            }
            else
            {
                continue;
            }
            if (Unit(tokens, next, to) is { } unit)
            {
                return new Quantity(value, unit);
            }
            // "عدد القوات … هو 2000", "the number of troops … is 2,000": what the number counts came before it.
            if (CountedBefore(tokens, from, i) is { } counted)
            {
                return new Quantity(value, counted);
            }
        }
        return null;
    }

    private static string? Unit(List<Token> tokens, int from, int to)
    {
        for (var i = from; i < to && i < from + 3; i++)
        {
            var t = tokens[i];
            if (t.Is('%'))
            {
                return "percent";
            }
            if (!t.IsWord)
            {
                return null;
            }
            if (Fillers.Contains(t.Key))
            {
                continue;
            }
            if (DateWords.Contains(t.Key))
            {
                return null;
            }
            return Units.TryGetValue(t.Key, out var unit) ? unit : t.Text;
        }
        return null;
    }

    private static string? CountedBefore(List<Token> tokens, int from, int at)
    {
        for (var j = at - 1; j >= from && j >= at - 12; j--)
        {
            if (tokens[j].Key is "عدد" or "number" && j + 1 < at)
            {
                var noun = tokens[j + 1].Key == "of" && j + 2 < at ? tokens[j + 2] : tokens[j + 1];
                return noun.IsWord ? Units.GetValueOrDefault(noun.Key, noun.Text) : null;
            }
        }
        return null;
    }

    /// <summary>A day or year of a date: next to a month or "عام", "in", "since"; a bare 1900–2100 unless something is counted after it.</summary>
    private static bool IsDate(List<Token> tokens, int i, int to)
    {
        var value = Parse(tokens[i].Key);
        var before = i > 0 && tokens[i - 1].IsWord && DateWords.Contains(tokens[i - 1].Key);
        var after = i + 1 < to && tokens[i + 1].IsWord && DateWords.Contains(tokens[i + 1].Key);
        return before || after || (value is >= 1900 and <= 2100 && !tokens[i].Key.Contains(',') && Unit(tokens, i + 1, to) is null
                                   && !(i > 0 && tokens[i - 1].Key is "هو" or "is" or "was" or "بلغ"));
    }

    private static double? Parse(string digits)
    {
        // "2,000" and "٢٬٥٠٠" group thousands; "2.5" and "٢٫٥" are decimals.
        var text = digits.Replace("٬", "", StringComparison.Ordinal).Replace("٫", ".", StringComparison.Ordinal);
        var groups = text.Split(',');
        if (groups.Length > 1 && groups.Skip(1).All(g => g.Length == 3))
        {
            text = string.Concat(groups);
        }
        else if (groups.Length > 1)
        {
            text = groups[0];
        }
        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static Dictionary<string, T> Folded<T>(Dictionary<string, T> words) =>
        words.ToDictionary(w => TextFold.Fold(w.Key), w => w.Value, StringComparer.Ordinal);
}
