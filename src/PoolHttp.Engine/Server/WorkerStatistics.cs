namespace PoolHttp.Engine.Server;

/// <summary>A snapshot of one worker's counts: <c>{id, pid, active, succeeded, failed, total}</c>.</summary>
public sealed record WorkerStatistics(int Id, int Pid, long Active, long Succeeded, long Failed, long Total);
