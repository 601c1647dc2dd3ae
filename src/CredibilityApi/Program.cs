using CredibilityApi.ApiKeys;
using CredibilityApi.Articles;
using CredibilityApi.Audit;
using CredibilityApi.Backups;
using CredibilityApi.Chains;
using CredibilityApi.ClaimReviews;
using CredibilityApi.Claims;
using CredibilityApi.Credibility;
using CredibilityApi.Data;
using CredibilityApi.Demo;
using CredibilityApi.Hosting;
using CredibilityApi.Http;
using CredibilityApi.Imports;
using CredibilityApi.Reads;
using CredibilityApi.Relations;
using CredibilityApi.Sources;
using CredibilityApi.Verdicts;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

if (await CredibilityApi.Commands.RunAsync(args) is { } exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(DemoSwitch.Apply(args));

builder.AddObservability();
builder.AddRequestLimits();
builder.Services.AddSecurityHeaders();
builder.Services.AddPublicBaseUrl();
builder.Services.AddStorage(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(options => Json.Configure(options.SerializerOptions));
builder.Services.AddProblems();
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
builder.Services.AddApiKeyAuth();
builder.Services.AddCredibilityOpenApi();
builder.Services.AddHealthChecks()
    .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
    .AddCheck<ReadModelHealthCheck>("read-model", tags: ["ready"]);
builder.Services.AddSingleton<AuditLog>();
builder.Services.AddApiKeys();
builder.Services.AddSingleton<StoredReferences>();
builder.Services.AddSingleton<SourceStore>();
builder.Services.AddSingleton<ArticleImporter>();
builder.Services.AddSingleton<ArticleStore>();
builder.Services.AddSingleton<ProposalWriter>();
builder.Services.AddSingleton<ClaimStore>();
builder.Services.AddSingleton<RelationStore>();
builder.Services.AddSingleton<VerdictStore>();
builder.Services.AddReadModel();
builder.Services.AddCredibility();
builder.Services.AddSingleton<ChainQueries>();
builder.Services.AddSingleton<ContradictionList>();
builder.Services.AddDemo();
builder.Services.AddImports();
builder.Services.AddSingleton<ClaimReviewStore>();
builder.Services.AddSingleton<ClaimReviewImporter>();
builder.Services.AddBackups();
builder.Services.AddStartupCompaction();
builder.Services.AddHostedService<DatabaseInitializer>();
// After start-up's own work: a start-up that fails never starts it.
builder.Services.AddHostedService<ReadModelUpkeep>();
builder.Services.AddHostedService<FeedListener>();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDashboard();
app.UseAuthentication();
app.UseRequestLimits();
app.UseAuthorization();
app.UseRequestBodies();

// The contract and its docs are read like the data: public unless Auth:PublicReads is false.
app.MapOpenApi().RequireAuthorization(Policies.Read);
app.MapScalarApiReference("/docs").RequireAuthorization(Policies.Read);
app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapMetrics();

app.MapSources();
app.MapArticles();
app.MapClaims();
app.MapRelations();
app.MapVerdicts();
app.MapChains();
app.MapCredibility();
app.MapApiKeys();
app.MapAudit();
app.MapBackups();
app.MapImports();
app.MapClaimReviews();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
