using System.ComponentModel;
using System.Security.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Articles;

public static class ArticlesApi
{
    public static RouteGroupBuilder MapArticles(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/articles").WithTags("Articles").WithValidation();

        group.MapPost("/", CreateArticle)
            .WithName("CreateArticle")
            .WithSummary("Record an article with its citations")
            .Writes()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListArticles)
            .WithName("ListArticles")
            .WithSummary("List or search articles")
            .Reads();
        group.MapGet("/{id:long}", GetArticle)
            .WithName("GetArticle")
            .WithSummary("Read an article with its citations and claims")
            .Reads(validates: false)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<ArticleResponse>, ProblemHttpResult>> CreateArticle(
        CreateArticleRequest request, ArticleStore store, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var result = await store.CreateAsync(request, Actor.From(user), ct);
        if (result.Status != WriteStatus.Done)
        {
            return Problems.Conflict("An article with this URL is already recorded.", result.Reason);
        }
        var article = result.Value!;
        ETags.Set(response, article.Version);
        return TypedResults.Created($"/v1/articles/{article.Id}", article);
    }

    private static async Task<Ok<Page<ArticleResponse>>> ListArticles(
        [AsParameters] ArticleListQuery query, ArticleStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(query, ct));

    private static async Task<Results<Ok<ArticleResponse>, ProblemHttpResult>> GetArticle(
        [Description("The article's id.")] long id, ArticleStore store, HttpResponse response, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } article)
        {
            return Problems.NotFound("article", id);
        }
        ETags.Set(response, article.Version);
        return TypedResults.Ok(article);
    }
}
