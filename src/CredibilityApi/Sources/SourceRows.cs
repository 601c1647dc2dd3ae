using CredibilityApi.Data;
using CredibilityApi.Http;

namespace CredibilityApi.Sources;

/// <summary>A source request as the rows <see cref="RowWriter"/> inserts.</summary>
public static class SourceRows
{
    public static long AddSource(this RowWriter rows, CreateSourceRequest source) =>
        rows.AddSource(new NewSource(
            source.Name, EnumText<SourceKind>.Name(source.Kind!.Value), source.Country, source.Homepage,
            Aliases(source.Aliases ?? []), source.AffiliationId));

    public static void AddAliases(this RowWriter rows, long sourceId, IReadOnlyList<SourceAlias> aliases) =>
        rows.AddAliases(sourceId, Aliases(aliases));

    private static List<NewAlias> Aliases(IReadOnlyList<SourceAlias> aliases) =>
        [.. aliases.Select(a => new NewAlias(a.Text, a.Language))];
}
