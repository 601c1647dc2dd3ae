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
            .WithSummary("Import a scraped page: title, publisher, author, body, the sources it cites and the claims it reports")
            .WithDescription(
                "Send the page as text/plain (UTF-8, at most 1 MB). The title line loses a trailing ' - Site'; the byline " +
                "('publisher – (author)' or 'By author, publisher') gives publisher and author; the body ends before a " +
                "related-articles list ('مقالات ذات صلة', 'Related articles') and trailing separators. Every known source " +
                "the body names (by name or alias, Arabic-aware: diacritics, tatweel, hamza forms and attached prefixes " +
                "such as لوكالة or وبلومبيرغ) becomes a citation with its offsets and the alias that matched. A publisher no " +
                "source matches is reported (unknownPublisher), never created. With dryRun=true the analysis is answered " +
                "(200) and nothing is stored; otherwise url is required and the article is stored with its citations (201). " +
                "Both answers propose the claims the body reports (claims: text and offsets, cue, speaker, relays from the " +
                "origin toward the publisher, stance, quantity) and the relations between them (a denial to the claim it " +
                "denies, a refutation to the reports it refutes); the dry run lists them beside the analysis, the stored " +
                "article under proposals, in the shape POST /v1/articles/{id}/claims takes. Nothing proposed is stored. " +
                "A dry run is validated exactly as the real import: a page the import would refuse (control characters, " +
                "a title or body too long, more citations than an article holds) or a url already recorded gets the same " +
                "400 or 409 problem. Matching takes time in proportion to the page, however many sources share words, " +
                "and stops when the client goes.")
            .AcceptsText("ScrapedPage", "A news page as scraped: title line, optional repeated title, byline, body, related-articles list.")
            .Writes()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/claims", AcceptProposals)
            .WithName("AcceptArticleClaims")
            .WithSummary("Store an article's proposed claims, as a person kept and edited them")
            .WithDescription(
                "Takes the claims and relations POST /v1/articles/import proposes (after a person unticked or edited them) and " +
                "stores them in one transaction, each row audited as its own create. A speaker or relay with a sourceId is that " +
                "source; a named one without is the existing source whose folded name or alias is the same (case, diacritics, " +
                "tatweel, hamza and alef forms ignored; one of the same kind first), else a new source of the kind given; an " +
                "anonymous one is the anonymous source with the same folded phrase, else a new one, so one phrase is one source " +
                "across articles. Claims get the article (and so its publisher, last on their attribution path) and its " +
                "language; relations link them by index. The answer gives every id by proposal index. A proposal the article " +
                "already carries (same text, speaker, relays, stance, quantity and subject; for a relation, the same claims and " +
                "type) is not stored twice: the same proposals accepted again answer 200 with the ids of the first time, which " +
                "answered 201. Validated as POST /v1/claims validates a claim, each problem keyed by its path " +
                "(claims[2].speaker.name, relations[0].to); a relay that turns out to be the speaker once names are resolved " +
                "is refused the same way, and nothing is stored.")
            .Writes()
            .Produces<AcceptedProposals>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(AcceptExamples.Describe);
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

    private static async Task<Results<Ok<ArticleAnalysis>, Created<ImportedArticleResponse>, ValidationProblem, ProblemHttpResult>> ImportArticle(
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
        return TypedResults.Created(
            $"/v1/articles/{result.Value.Id}",
            new ImportedArticleResponse(result.Value, new ArticleProposals(analysis.Claims, analysis.Relations)));
    }

    private static async Task<Results<Created<AcceptedProposals>, Ok<AcceptedProposals>, ProblemHttpResult>> AcceptProposals(
        [Description("The article the claims appear in.")] long id,
        AcceptProposalsRequest request,
        ProposalWriter writer,
        ClaimsPrincipal user,
        CancellationToken ct)
    {
        var result = await writer.AcceptAsync(id, request, Actor.From(user), ct);
        return result.Status switch
        {
            WriteStatus.Done when result.Value!.Created => TypedResults.Created($"/v1/articles/{id}", result.Value),
            WriteStatus.Done => TypedResults.Ok(result.Value),
            WriteStatus.Invalid => InvalidAgainstStored(result.Field!, result.Reason!),
            _ => Problems.NotFound("article", id),
        };
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

    /// <summary>
    /// A validation problem only the stored rows reveal, sent as a plain problem result so the route
    /// declares the same responses as every other write (as ClaimsApi does for a claim's patch).
    /// </summary>
    private static ProblemHttpResult InvalidAgainstStored(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
        });
}
