namespace PoolHttp.Tests.Stress;

/// <summary>Stress runs go one at a time: they load both cores, and the child-process checks look at all of this process's children.</summary>
[CollectionDefinition(nameof(StressCollection), DisableParallelization = true)]
public sealed class StressCollection
{
}
