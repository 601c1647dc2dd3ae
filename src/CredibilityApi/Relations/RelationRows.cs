using CredibilityApi.Data;
using CredibilityApi.Http;

namespace CredibilityApi.Relations;

/// <summary>A relation request as the row <see cref="RowWriter"/> inserts.</summary>
public static class RelationRows
{
    public static long AddRelation(this RowWriter rows, CreateRelationRequest relation) =>
        rows.AddRelation(new NewRelation(
            relation.FromClaimId, relation.ToClaimId, EnumText<RelationType>.Name(relation.Type!.Value), relation.Note));
}
