using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>The rows merged from the clients of several hosts, and what people should know about them (warnings).</summary>
/// <param name="Rows">One row per row number, in order, in the contract's columns.</param>
/// <param name="Notes">One line each: hosts whose clocks are too far apart for the schedule, rows whose hosts did not start together.</param>
public sealed record StressMergeResult(IReadOnlyList<PoolStressResult> Rows, IReadOnlyList<string> Notes);
