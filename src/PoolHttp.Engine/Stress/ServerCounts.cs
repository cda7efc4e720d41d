namespace PoolHttp.Engine.Stress;

/// <summary>A server's request counts at one moment.</summary>
internal sealed record ServerCounts(long Succeeded, long Failed, long Active);
