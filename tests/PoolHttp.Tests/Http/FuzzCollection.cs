namespace PoolHttp.Tests.Http;

/// <summary>The fuzz tests run one after another: one report file takes their summaries in turn, and they share two cores.</summary>
[CollectionDefinition(nameof(FuzzCollection))]
public sealed class FuzzCollection
{
}
