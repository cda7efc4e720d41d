using System.Diagnostics;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>Turns a row's client outcomes and server counts into its <see cref="PoolStressResult"/>.</summary>
internal static class StressResults
{
    public static PoolStressResult Build(StressCase row, StressClientMode clientMode, IStressServer server, IReadOnlyList<ClientOutcome> outcomes,
        long releasedTimestamp, ServerCounts? before, ServerCounts? after, int ownRequests)
    {
        var seconds = outcomes.Select(o => o.Seconds).Order().ToArray();
        long lastEnd = outcomes.Count == 0 ? releasedTimestamp : outcomes.Max(o => o.EndTimestamp);
        double wall = Math.Max(0, (lastEnd - releasedTimestamp) / (double)Stopwatch.Frequency);
        long goodBytes = outcomes.Where(o => o.Succeeded).Sum(o => o.Bytes);
        int succeeded = outcomes.Count(o => o.Succeeded);
        bool counted = before is not null && after is not null;
        return new PoolStressResult
        {
            Number = row.Number,
            Operation = row.Operation,
            FileSizeBytes = row.FileSizeBytes,
            ClientWorkers = row.ClientWorkers,
            ServerWorkers = server.Workers,
            ClientMode = clientMode,
            ServerMode = server.Mode,
            SecondsPerClient = seconds.Length == 0 ? 0 : seconds.Average(),
            ThroughputPerClient = outcomes.Count == 0 ? 0 : outcomes.Average(o => o.Succeeded && o.Seconds > 0 ? o.Bytes / o.Seconds : 0),
            ClientsSucceeded = succeeded,
            ClientsFailed = outcomes.Count - succeeded,
            ServerSucceeded = counted ? after!.Succeeded - before!.Succeeded - ownRequests : null,
            ServerFailed = counted ? after!.Failed - before!.Failed : null,
            SecondsP50 = Percentile(seconds, 0.50),
            SecondsP95 = Percentile(seconds, 0.95),
            SecondsMax = seconds.Length == 0 ? 0 : seconds[^1],
            AggregateThroughput = wall > 0 ? goodBytes / wall : 0,
            WallSeconds = wall,
        }.WithFailures(outcomes.Where(o => o.Error is not null).Select(o => o.Error!).ToArray());
    }

    /// <summary>The row's clients one by one, as <c>-PerClient</c> writes them; <paramref name="toUtc"/> turns a <see cref="Stopwatch"/> timestamp into UTC.</summary>
    public static IReadOnlyList<PoolStressClientResult> Clients(StressCase row, IReadOnlyList<ClientOutcome> outcomes, Func<long, DateTime> toUtc)
    {
        string host = Environment.MachineName;
        return outcomes.Select((o, i) =>
        {
            var end = toUtc(o.EndTimestamp);
            return new PoolStressClientResult
            {
                Number = row.Number,
                Operation = row.Operation,
                FileSizeBytes = row.FileSizeBytes,
                ClientWorkers = row.ClientWorkers,
                Client = i + 1,
                HostName = host,
                StartUtc = end - TimeSpan.FromSeconds(o.Seconds),
                EndUtc = end,
                Seconds = o.Seconds,
                Bytes = o.Succeeded ? o.Bytes : 0,
                Succeeded = o.Succeeded,
                Error = o.Error?.Message ?? "",
            };
        }).ToArray();
    }

    /// <summary>Nearest rank on sorted values: the smallest value with at least <paramref name="p"/> of the values at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return 0;
        int rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
