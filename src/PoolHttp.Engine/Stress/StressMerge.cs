using System.Globalization;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// Merges the per-client results of the same matrix run on several hosts (<c>Invoke-PoolStressTest -StartAt -PerClient</c>)
/// into rows with the contract's columns, as if one runner had run all the clients: <see cref="PoolStressResult.ClientWorkers"/>
/// is the number of clients over all hosts, the per-client figures come from each client's own measured time, and the
/// wall time runs from the first client's start to the last one's end, after each host's clock is corrected by its
/// offset from the reference clock. Hosts whose clocks disagree by more than the schedule's margin, and rows whose
/// hosts did not start together, are reported in <see cref="StressMergeResult.Notes"/>.
/// </summary>
public static class StressMerge
{
    /// <summary>A row whose hosts started further apart than this share of its wall time (and <see cref="StartSpreadFloor"/>) did not run all its clients at once.</summary>
    public const double StartSpreadShare = 0.10;

    /// <summary>Hosts that started closer than this started together, however short the row (timers and offset measurements are not finer).</summary>
    public static readonly TimeSpan StartSpreadFloor = TimeSpan.FromSeconds(0.1);

    /// <summary>
    /// Merges <paramref name="clients"/> by row number. Throws <see cref="ArgumentException"/> when the hosts disagree
    /// on what a row is (different operation or file size: they did not run the same matrix).
    /// </summary>
    public static StressMergeResult Merge(IEnumerable<PoolStressClientResult> clients, StressMergeOptions options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        var all = clients.ToArray();
        var notes = new List<string>();
        NoteClocks(all.Select(c => c.HostName).Distinct(StringComparer.OrdinalIgnoreCase), options, notes);
        var counts = (options.ServerCounts ?? Array.Empty<StressRowCounts>()).ToDictionary(c => c.Number);
        var rows = new List<PoolStressResult>();
        foreach (var group in all.GroupBy(c => c.Number).OrderBy(g => g.Key))
        {
            var row = group.ToArray();
            if (row.Any(c => c.Operation != row[0].Operation || c.FileSizeBytes != row[0].FileSizeBytes))
                throw new ArgumentException(Invariant($"Row {group.Key}: the hosts' clients disagree on the operation or file size; every host must run the same matrix."), nameof(clients));
            rows.Add(MergeRow(row, options, counts.GetValueOrDefault(group.Key), notes));
        }
        return new StressMergeResult(rows, notes);
    }

    private static PoolStressResult MergeRow(PoolStressClientResult[] row, StressMergeOptions options, StressRowCounts? counts, List<string> notes)
    {
        var seconds = row.Select(c => c.Seconds).Order().ToArray();
        var firstStartByHost = row.GroupBy(c => c.HostName, StringComparer.OrdinalIgnoreCase)
            .Select(h => (Host: h.Key, Start: h.Min(c => Reference(c.StartUtc, c.HostName, options)))).OrderBy(h => h.Start).ToArray();
        var first = firstStartByHost[0].Start;
        var last = row.Max(c => Reference(c.EndUtc, c.HostName, options));
        double wall = Math.Max(0, (last - first).TotalSeconds);
        long goodBytes = row.Where(c => c.Succeeded).Sum(c => c.Bytes);
        int succeeded = row.Count(c => c.Succeeded);
        double spread = (firstStartByHost[^1].Start - first).TotalSeconds;
        if (firstStartByHost.Length > 1 && spread > Math.Max(StartSpreadShare * wall, StartSpreadFloor.TotalSeconds))
        {
            notes.Add(Invariant($"Row {row[0].Number}: the hosts' clients started up to {spread:0.000} s apart ({firstStartByHost[0].Host} first, ") +
                Invariant($"{firstStartByHost[^1].Host} last), {spread / Math.Max(wall, double.Epsilon):P0} of the row's {wall:0.000} s: not all of them ran at once."));
        }
        return new PoolStressResult
        {
            Number = row[0].Number,
            Operation = row[0].Operation,
            FileSizeBytes = row[0].FileSizeBytes,
            ClientWorkers = row.Length,
            ServerWorkers = options.ServerWorkers,
            ClientMode = options.ClientMode,
            ServerMode = options.ServerMode,
            SecondsPerClient = seconds.Average(),
            ThroughputPerClient = row.Average(c => c.Succeeded && c.Seconds > 0 ? c.Bytes / c.Seconds : 0),
            ClientsSucceeded = succeeded,
            ClientsFailed = row.Length - succeeded,
            ServerSucceeded = counts?.Succeeded,
            ServerFailed = counts?.Failed,
            SecondsP50 = StressResults.Percentile(seconds, 0.50),
            SecondsP95 = StressResults.Percentile(seconds, 0.95),
            SecondsMax = seconds[^1],
            AggregateThroughput = wall > 0 ? goodBytes / wall : 0,
            WallSeconds = wall,
        };
    }

    /// <summary>A host's time on the reference clock.</summary>
    private static DateTime Reference(DateTime hostTime, string host, StressMergeOptions options) =>
        options.ClockOffsets is { } offsets && offsets.TryGetValue(host, out var offset) ? hostTime - offset : hostTime;

    /// <summary>The schedule's rows start by each host's clock: hosts further apart than its margin start rows apart, and their requests spill into the server counts of the rows beside.</summary>
    private static void NoteClocks(IEnumerable<string> hosts, StressMergeOptions options, List<string> notes)
    {
        if (options.ClockOffsets is not { } offsets) return;
        var known = hosts.Where(offsets.ContainsKey).Select(h => (Host: h, Offset: offsets[h])).OrderBy(h => h.Offset).ToArray();
        if (known.Length == 0) return;
        var apart = known[^1].Offset - known[0].Offset;
        if (known.Length > 1 && apart > StressSchedule.Margin)
        {
            notes.Add(Invariant($"The hosts' clocks are {apart.TotalSeconds:0.000} s apart ({known[0].Host} {known[0].Offset.TotalSeconds:+0.000;-0.000} s, ") +
                Invariant($"{known[^1].Host} {known[^1].Offset.TotalSeconds:+0.000;-0.000} s from this computer), more than the schedule's {StressSchedule.Margin.TotalSeconds:0} s margin: ") +
                "their rows did not start together and the server's counts may mix rows; synchronise the clocks (NTP).");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
