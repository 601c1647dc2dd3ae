using CredibilityApi.Data;
using Npgsql;

namespace CredibilityApi.Reads;

/// <summary>
/// On PostgreSQL, where several replicas write to one database: listens on the change feed's
/// channel (<c>credibility_changes</c>, notified by the feed's trigger when a transaction that wrote
/// entries commits) and tells the store that it changed under this process, so the next read
/// catches the read model up at once instead of at its next one-second look. The feed table stays
/// the truth: a notification carries nothing, and one missed while the connection was down only
/// delays a catch-up until that look. The connection is opened again after a failure.
/// </summary>
public sealed partial class FeedListener(Db db, ILogger<FeedListener> logger) : BackgroundService
{
    public const string Channel = "credibility_changes";

    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!db.IsPostgres)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await db.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => db.ChangedElsewhere();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                // Whatever was committed while nobody listened is looked for now.
                db.ChangedElsewhere();
                LogListening(Channel);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogLost(e, Retry.TotalSeconds);
                try
                {
                    await Task.Delay(Retry, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for other replicas' writes on {Channel}")]
    private partial void LogListening(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the change feed's channel; listening again in {Seconds} s")]
    private partial void LogLost(Exception exception, double seconds);
}
