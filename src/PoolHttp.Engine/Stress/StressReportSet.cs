using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>The rows of one run, shown in a report as one series (a column of charts).</summary>
/// <param name="Label">What to call the series ("nginx"); null names it after the rows' server mode.</param>
/// <param name="Rows">The run's rows.</param>
public sealed record StressReportSet(string? Label, IReadOnlyList<PoolStressResult> Rows)
{
    /// <summary>The label shown: the given one, else "Thread server", "Process server" or "Existing server".</summary>
    public string DisplayLabel => Label ?? (Rows.Select(r => r.ServerMode).Distinct().ToArray() switch
    {
        [{ } mode] => mode + " server",
        [null] => "Existing server",
        [] => "No rows",
        _ => "Mixed servers",
    });
}
