namespace PoolHttp.Engine.Stress;

/// <summary>The clients of a row once they have all ended, and when they were released together.</summary>
internal sealed record RowRun(IReadOnlyList<ClientOutcome> Outcomes, long ReleasedTimestamp);
