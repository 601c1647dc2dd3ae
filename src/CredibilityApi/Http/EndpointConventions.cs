namespace CredibilityApi.Http;

/// <summary>
/// The authorization and problem responses shared by every read, every write and every admin
/// operation. Whether an operation can answer a validation problem (400) is not declared here:
/// <see cref="ValidationFilter"/> declares it for the operations it validates.
/// </summary>
public static class EndpointConventions
{
    public static RouteHandlerBuilder Reads(this RouteHandlerBuilder endpoint) =>
        endpoint.Requires(Policies.Read);

    public static RouteHandlerBuilder Writes(this RouteHandlerBuilder endpoint) =>
        endpoint.Requires(Policies.Write);

    /// <summary>
    /// An admin route group: admins only, validated, its 401 and 403 described before each
    /// operation's own responses, its 400 after them.
    /// </summary>
    public static RouteGroupBuilder Administers(this RouteGroupBuilder group)
    {
        group.RequireAuthorization(Policies.Admin)
            .WithValidation()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        ((IEndpointConventionBuilder)group).Finally(ValidationFilter.DeclareProblem);
        return group;
    }

    private static RouteHandlerBuilder Requires(this RouteHandlerBuilder endpoint, string policy)
    {
        endpoint.RequireAuthorization(policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .Add(ValidationFilter.DeclareProblem);
        return endpoint;
    }
}
