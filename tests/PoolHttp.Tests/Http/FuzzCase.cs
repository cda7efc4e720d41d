namespace PoolHttp.Tests.Http;

/// <summary>One fuzz case worth printing: its seed, its input as a C# string literal, and why it failed or how long it took.</summary>
public sealed record FuzzCase(int Seed, string Input, string? Error, TimeSpan Time);
