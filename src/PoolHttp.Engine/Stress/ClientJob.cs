using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>What one client is to do in a row.</summary>
internal sealed record ClientJob(StressOperation Operation, Uri Target, string? LocalPath, StressClientSettings Settings);
