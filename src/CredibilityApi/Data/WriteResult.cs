namespace CredibilityApi.Data;

public enum WriteStatus
{
    Done,
    NotFound,
    Stale,
    Conflict,
    /// <summary>The request is invalid in a way only the stored row reveals.</summary>
    Invalid,
}

/// <summary>What an update or delete came to; handlers map it onto HTTP results.</summary>
public sealed record WriteResult<T>(WriteStatus Status, T? Value = default, string? Reason = null, string? Field = null)
    where T : class
{
    public static WriteResult<T> Done(T? value) => new(WriteStatus.Done, value);

    public static WriteResult<T> NotFound { get; } = new(WriteStatus.NotFound);

    public static WriteResult<T> Stale { get; } = new(WriteStatus.Stale);

    public static WriteResult<T> Conflict(string reason) => new(WriteStatus.Conflict, Reason: reason);

    public static WriteResult<T> Invalid(string field, string reason) => new(WriteStatus.Invalid, Reason: reason, Field: field);
}
