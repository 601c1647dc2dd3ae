namespace CredibilityApi.Data;

/// <summary>What a reference names: the table its id must be in.</summary>
public enum ReferenceKind
{
    Source,
    Article,
    Claim,
}

/// <summary>An id a request names in <paramref name="Field"/> (a validation path such as <c>Via[2]</c>).</summary>
public readonly record struct Reference(string Field, ReferenceKind Kind, long Id);

/// <summary>A request that names stored rows by id; <see cref="References"/> lists them, every one.</summary>
public interface IReferencing
{
    IEnumerable<Reference> References();
}

/// <summary>
/// Answers which ids exist. Over HTTP, the store answers (<see cref="StoredReferences"/>); an
/// import also knows the rows of its own lines that are not committed yet.
/// </summary>
public interface IReferenceResolver
{
    Task<IReadOnlySet<long>> ExistingAsync(ReferenceKind kind, IReadOnlyCollection<long> ids, CancellationToken ct);
}
