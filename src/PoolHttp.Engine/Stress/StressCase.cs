using System.Globalization;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>One row of the matrix before it runs.</summary>
/// <param name="Number">The row's number, from 1, in the order rows run.</param>
/// <param name="Operation">What each client does.</param>
/// <param name="FileSizeBytes">The test file's size.</param>
/// <param name="ClientWorkers">How many clients run at once.</param>
/// <param name="ServerWorkers">The worker count of our server; null against an existing server.</param>
/// <param name="Repetition">Which repetition of the combination this is, from 1.</param>
public sealed record StressCase(int Number, StressOperation Operation, long FileSizeBytes, int ClientWorkers, int? ServerWorkers, int Repetition)
{
    /// <summary>"Row 3 of 54: Upload 10.0 MiB x 5 clients, 1 server worker"; without "of N" when <paramref name="rowCount"/> is null.</summary>
    public string Describe(int? rowCount = null)
    {
        string of = rowCount is int n ? string.Create(CultureInfo.InvariantCulture, $" of {n}") : "";
        string server = ServerWorkers is int w ? string.Create(CultureInfo.InvariantCulture, $", {w} server worker{(w == 1 ? "" : "s")}") : "";
        string repetition = Repetition > 1 ? string.Create(CultureInfo.InvariantCulture, $" (repetition {Repetition})") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Row {Number}{of}: {Operation} {TransferCounter.FormatBytes(FileSizeBytes)} x {ClientWorkers} client{(ClientWorkers == 1 ? "" : "s")}{server}{repetition}");
    }
}
