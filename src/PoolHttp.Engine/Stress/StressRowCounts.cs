namespace PoolHttp.Engine.Stress;

/// <summary>
/// The server's own request counts for one row of a run from several hosts, from its statistics read before the row's
/// start and before its checks (<see cref="StressSchedule"/>); null counts when they could not be read cleanly.
/// </summary>
/// <param name="Number">The row's number.</param>
/// <param name="Succeeded">Requests the server counted as succeeded during the row's clients, or null.</param>
/// <param name="Failed">Requests the server counted as failed during the row's clients, or null.</param>
public sealed record StressRowCounts(int Number, long? Succeeded, long? Failed);
