namespace PoolHttp.Tests.Client;

/// <summary>Tests that read process-wide GC figures, run after the others and alone.</summary>
[CollectionDefinition(nameof(MemoryCollection), DisableParallelization = true)]
public sealed class MemoryCollection
{
}
