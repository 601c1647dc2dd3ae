using CredibilityApi.Tools;

// dotnet run --project tools/CredibilityApi.Tools -c Release -- <verb> [options]
return args switch
{
    _ when GenerateCommand.IsRequested(args) => await GenerateCommand.RunAsync(args),
    _ when ImportBenchCommand.IsRequested(args) => await ImportBenchCommand.RunAsync(args),
    _ when PopulationCommand.IsRequested(args) => await PopulationCommand.RunAsync(args),
    _ when ExtractBenchCommand.IsRequested(args) => ExtractBenchCommand.Run(args),
    _ when CategoricalCommand.IsRequested(args) => await CategoricalCommand.RunAsync(args),
    _ when SpeakersCommand.IsRequested(args) => await SpeakersCommand.RunAsync(args),
    _ => await Usage(),
};

static async Task<int> Usage()
{
    await Console.Error.WriteLineAsync("""
        usage: CredibilityApi.Tools <verb> [options]
          generate --claims N --seed S --database FILE    a synthetic corpus into an empty database
          generate --speakers N [--parties N] --seed S --database FILE
                                                           the speaker-credibility corpus (parties, topics) instead
          import-bench --claims N [--warmup N] [--directory DIR]
                                                           the NDJSON import against raw bulk inserts
          population --data DIR --url BASE --key KEY       the population benchmark through the HTTP API
          extract-bench [--sources N] [--words N] [--runs N]
                                                           claim extraction of one page against N known sources
          categorical --url BASE --key KEY [--objects N] [--sources N] [--copier-groups N] [--copiers N] [--seed S]
                                                           a synthetic categorical corpus through the HTTP API,
                                                           the engine against majority and Beta-weighted votes
          speakers --url BASE --key KEY [--speakers N --parties N --seed S]
                                                           the speaker-credibility benchmark (affiliations, topics) through the HTTP API
        """);
    return 2;
}
