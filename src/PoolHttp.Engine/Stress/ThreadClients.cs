using System.Diagnostics;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// The clients of a row as concurrent transfers inside the runner's process: each prepares its own client (and
/// so its own connection), then all wait at one barrier and start together.
/// </summary>
internal static class ThreadClients
{
    /// <summary>Runs the clients; <paramref name="startTime"/> is awaited once all are ready, before they are released.</summary>
    public static async Task<RowRun> RunAsync(IReadOnlyList<ClientJob> jobs, IReadOnlyList<TransferCounter> counters, StressProgress progress,
        Func<CancellationToken, Task> startTime, CancellationToken cancellationToken)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int waiting = jobs.Count;
        void Ready()
        {
            if (Interlocked.Decrement(ref waiting) == 0) allReady.TrySetResult();
        }
        var tasks = new Task<ClientOutcome>[jobs.Count];
        for (int i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            var counter = counters[i];
            tasks[i] = Task.Run(() => OneAsync(job, counter, Ready, go.Task, progress, cancellationToken), CancellationToken.None);
        }
        long released;
        try
        {
            await allReady.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            await startTime(cancellationToken).ConfigureAwait(false);
            released = Stopwatch.GetTimestamp();
            go.TrySetResult();
        }
        finally
        {
            go.TrySetCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : new CancellationToken(true));
        }
        var outcomes = await Task.WhenAll(tasks).ConfigureAwait(false);
        return new RowRun(outcomes, released);
    }

    private static async Task<ClientOutcome> OneAsync(ClientJob job, TransferCounter counter, Action ready, Task go, StressProgress progress,
        CancellationToken cancellationToken)
    {
        using var client = StressTransfer.CreateClient(job.Settings);
        ready();
        await go.ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();
        try
        {
            var r = await StressTransfer.RunAsync(client, job.Operation, job.Target, job.LocalPath, counter, cancellationToken).ConfigureAwait(false);
            return new ClientOutcome(Stopwatch.GetElapsedTime(started).TotalSeconds, r.BytesTransferred, r.Length, r.Sha256, Stopwatch.GetTimestamp(), null);
        }
        catch (PoolException e)
        {
            return ClientOutcome.Failure(Stopwatch.GetElapsedTime(started).TotalSeconds, Stopwatch.GetTimestamp(), e);
        }
        finally
        {
            progress.ClientEnded();
        }
    }
}
