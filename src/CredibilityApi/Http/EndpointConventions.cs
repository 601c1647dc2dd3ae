namespace CredibilityApi.Http;

/// <summary>The authorization and problem responses shared by every read and every write.</summary>
public static class EndpointConventions
{
    public static RouteHandlerBuilder Reads(this RouteHandlerBuilder endpoint, bool validates = true)
    {
        endpoint.RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return validates ? endpoint.ProducesValidationProblem() : endpoint;
    }

    public static RouteHandlerBuilder Writes(this RouteHandlerBuilder endpoint, bool validates = true)
    {
        endpoint.RequireAuthorization(Policies.Write)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return validates ? endpoint.ProducesValidationProblem() : endpoint;
    }
}
