namespace PoolHttp.Engine.Server.Handlers;

/// <summary>Yields the next run of body bytes; empty at the end. The span is valid until the next call.</summary>
internal delegate ReadOnlySpan<byte> ChunkSource();
