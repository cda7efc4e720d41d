using System.Runtime.CompilerServices;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// Runs a stress matrix and streams one <see cref="PoolStressResult"/> per row as the row finishes. For each
/// server-worker count it starts a server of our own on a scratch root (or works in a folder of its own on an
/// existing server), runs each row's clients together from one barrier, checks every byte (length and SHA-256),
/// and removes what it made: test files, uploads, servers and client processes, on success, failure and
/// cancellation alike. A client that fails is a failed client in its row, never an exception of the run.
/// </summary>
public static class StressRunner
{
    /// <summary>
    /// Runs the rows of <paramref name="options"/> in the order of <see cref="StressMatrix.Expand"/>. Pull the rows on
    /// any thread; poll <paramref name="progress"/> from another. Cancelling stops clients and servers and cleans up,
    /// then the enumeration throws <see cref="OperationCanceledException"/>; so does disposing it early (minus the
    /// exception). Throws <see cref="ArgumentException"/> for invalid options, and an <see cref="IOException"/> or
    /// <see cref="System.Net.Sockets.SocketException"/> when a server of our own cannot start.
    /// </summary>
    public static async IAsyncEnumerable<PoolStressResult> RunAsync(StressOptions options, StressProgress? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rows = StressMatrix.Expand(options);
        progress ??= new StressProgress();
        progress.Begin(rows.Count);
        var run = StressRun.Create(options, progress);
        await using (run.ConfigureAwait(false))
        {
            progress.SetPhase("preparing");
            await run.PrepareAsync(cancellationToken).ConfigureAwait(false);
            foreach (var group in rows.GroupBy(r => r.ServerWorkers))
            {
                progress.SetPhase("starting server");
                var server = await run.OpenServerAsync(group.Key, cancellationToken).ConfigureAwait(false);
                await using (server.ConfigureAwait(false))
                {
                    await server.PrepareAsync(run.DownloadFiles, cancellationToken).ConfigureAwait(false);
                    await run.WarmUpAsync(server, cancellationToken).ConfigureAwait(false);
                    foreach (var row in group)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        yield return await run.RunRowAsync(server, row, cancellationToken).ConfigureAwait(false);
                    }
                    progress.SetPhase("stopping server");
                }
            }
        }
        progress.SetPhase("done");
    }
}
