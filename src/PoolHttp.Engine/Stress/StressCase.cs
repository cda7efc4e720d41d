namespace PoolHttp.Engine.Stress;

/// <summary>One row of the matrix before it runs.</summary>
/// <param name="Number">The row's number, from 1, in the order rows run.</param>
/// <param name="Operation">What each client does.</param>
/// <param name="FileSizeBytes">The test file's size.</param>
/// <param name="ClientWorkers">How many clients run at once.</param>
/// <param name="ServerWorkers">The worker count of our server; null against an existing server.</param>
/// <param name="Repetition">Which repetition of the combination this is, from 1.</param>
public sealed record StressCase(int Number, StressOperation Operation, long FileSizeBytes, int ClientWorkers, int? ServerWorkers, int Repetition);
