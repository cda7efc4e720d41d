using System.Globalization;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Stress;

namespace PoolHttp.Cli;

/// <summary>The stress table for people: one line per row as it finishes, failures on stderr, a progress line on a terminal.</summary>
internal sealed class StressPrinter(TextWriter output, TextWriter error)
{
    private const int IntervalMs = 500;
    private const int FailuresShown = 3;
    private bool _progressShown;

    public void Header() => output.WriteLine(
        "   # operation     size clients server mode            s/client  MiB/s/client  ok fail srv-ok srv-fail    p50    p95    max  agg MiB/s   wall s");

    public void Row(PoolStressResult r)
    {
        ClearProgress();
        string mode = $"{r.ClientMode}/{(r.ServerMode is { } m ? m.ToString() : "?")}".ToLowerInvariant();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Number,4} {r.Operation,-9} {Size(r.FileSizeBytes),8} {r.ClientWorkers,7} {Opt(r.ServerWorkers),6} {mode,-15} {r.SecondsPerClient,9:0.000} {Mib(r.ThroughputPerClient),13:0.0} " +
            $"{r.ClientsSucceeded,3} {r.ClientsFailed,4} {Opt(r.ServerSucceeded),6} {Opt(r.ServerFailed),8} {r.SecondsP50,6:0.00} {r.SecondsP95,6:0.00} {r.SecondsMax,6:0.00} {Mib(r.AggregateThroughput),10:0.0} {r.WallSeconds,8:0.00}"));
        output.Flush();
        var failures = r.GetFailures();
        foreach (var f in failures.Take(FailuresShown))
            ClientCli.Fail(error, $"row {r.Number}: {f.Message}");
        if (failures.Count > FailuresShown) ClientCli.Fail(error, $"row {r.Number}: ... and {failures.Count - FailuresShown} more failed clients.");
    }

    public void Summary(IReadOnlyList<PoolStressResult> rows)
    {
        int clients = rows.Sum(r => r.ClientWorkers);
        int failed = rows.Sum(r => r.ClientsFailed);
        double wall = rows.Sum(r => r.WallSeconds);
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{rows.Count} rows, {clients - failed} of {clients} clients succeeded, {wall:0.0} s of transfers.");
        if (failed == 0) output.WriteLine(line);
        else ClientCli.Fail(error, line);
    }

    /// <summary>Awaits the next row, drawing the run's progress meanwhile when stderr is a terminal.</summary>
    public async Task<bool> WithProgressAsync(Task<bool> next, StressProgress progress)
    {
        if (!ProgressBar.IsWanted(error)) return await next.ConfigureAwait(false);
        while (await Task.WhenAny(next, Task.Delay(IntervalMs)).ConfigureAwait(false) != next)
        {
            string line = progress.Describe();
            int width = Width();
            error.Write("\r" + (line.Length >= width ? line[..width] : line.PadRight(width)));
            _progressShown = true;
        }
        bool more = await next.ConfigureAwait(false);
        ClearProgress();
        return more;
    }

    private void ClearProgress()
    {
        if (!_progressShown) return;
        error.Write("\r" + new string(' ', Width()) + "\r");
        _progressShown = false;
    }

    private static int Width()
    {
        try
        {
            return Math.Max(20, Console.WindowWidth - 1);
        }
        catch (IOException)
        {
            return 79;
        }
    }

    private static string Size(long bytes) => TransferCounter.FormatBytes(bytes).Replace(".0 ", " ", StringComparison.Ordinal);

    private static double Mib(double bytesPerSecond) => bytesPerSecond / (1024 * 1024);

    private static string Opt<T>(T? value) where T : struct, IFormattable =>
        value is T v ? v.ToString(null, CultureInfo.InvariantCulture) : "-";
}
