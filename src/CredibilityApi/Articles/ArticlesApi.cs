using System.ComponentModel;
using System.Security.Claims;
using CredibilityApi.Data;
using CredibilityApi.Http;
using FluentValidation;
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
        group.MapPost("/import", ImportArticle)
            .WithName("ImportArticle")
            .WithSummary("Import a scraped page: title, publisher, author, body and the sources it cites")
            .WithDescription(
                "Send the page as text/plain (UTF-8, at most 1 MB). The title line loses a trailing ' - Site'; the byline " +
                "('publisher – (author)' or 'By author, publisher') gives publisher and author; the body ends before a " +
                "related-articles list ('مقالات ذات صلة', 'Related articles') and trailing separators. Every known source " +
                "the body names (by name or alias, Arabic-aware: diacritics, tatweel, hamza forms and attached prefixes " +
                "such as لوكالة or وبلومبيرغ) becomes a citation with its offsets and the alias that matched. A publisher no " +
                "source matches is reported (unknownPublisher), never created. With dryRun=true the analysis is answered " +
                "(200) and nothing is stored; otherwise url is required and the article is stored with its citations (201). " +
                "A dry run is validated exactly as the real import: a page the import would refuse (control characters, " +
                "a title or body too long, more citations than an article holds) or a url already recorded gets the same " +
                "400 or 409 problem. Matching takes time in proportion to the page, however many sources share words, " +
                "and stops when the client goes.")
            .AcceptsText("ScrapedPage", "A news page as scraped: title line, optional repeated title, byline, body, related-articles list.")
            .Writes()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListArticles)
            .WithName("ListArticles")
            .WithSummary("List or search articles")
            .Reads();
        group.MapGet("/{id:long}", GetArticle)
            .WithName("GetArticle")
            .WithSummary("Read an article with its citations and claims")
            .Reads()
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

    private static async Task<Results<Ok<ArticleAnalysis>, Created<ArticleResponse>, ValidationProblem, ProblemHttpResult>> ImportArticle(
        [AsParameters] ArticleImportQuery query,
        HttpContext http,
        ArticleImporter importer,
        ArticleStore store,
        IValidator<CreateArticleRequest> validator,
        StoredReferences references,
        CancellationToken ct)
    {
        var page = await TextBody.ReadAsync(http.Request, ArticleImportQuery.MaxPageBytes, ct);
        if (page.Refused is { } refused)
        {
            return refused;
        }
        if (page.Invalid is { } invalid)
        {
            return invalid;
        }
        var analysis = await importer.AnalyseAsync(page.Text!, ct);
        if (analysis is null)
        {
            return Problems.Invalid("body", "holds no text.");
        }

        // A dry run goes the real request's way up to the write, so the two cannot answer differently: the
        // page decides title, author, body and citations, held to the rules of a posted article, and a URL
        // already recorded is a conflict. The url itself is the query's, validated with it.
        var article = ArticleImporter.ToArticle(analysis, query.Url ?? "");
        var failures = (await RequestCheck.ValidateAsync(article, validator, references, ct))
            .Where(f => f.PropertyName != nameof(CreateArticleRequest.Url)).ToList();
        if (failures.Count > 0)
        {
            return ValidationFilter.Problem(failures);
        }
        if (query.Url is not null && await store.FindByUrlAsync(query.Url, ct) is { } existing)
        {
            return Problems.Conflict("An article with this URL is already recorded.", ArticleStore.SameUrl(existing));
        }
        if (query.DryRun == true)
        {
            return TypedResults.Ok(analysis);
        }
        var result = await store.CreateAsync(article, Actor.From(http.User), ct);
        if (result.Status != WriteStatus.Done)
        {
            return Problems.Conflict("An article with this URL is already recorded.", result.Reason);
        }
        ETags.Set(http.Response, result.Value!.Version);
        return TypedResults.Created($"/v1/articles/{result.Value.Id}", result.Value);
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
