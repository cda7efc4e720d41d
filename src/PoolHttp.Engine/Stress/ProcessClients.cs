using System.Diagnostics;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// The clients of a row as child <c>poolhttp stress-client</c> processes. Every child starts and prepares, says
/// <c>ready</c>, and all are released together with <c>go</c>. A child that does not start in time, crashes, or
/// falls silent is a failed client: it is killed by its PID and the row goes on.
/// </summary>
internal static class ProcessClients
{
    /// <summary>How long all children together may take to start (50 dotnet processes on two cores take a while).</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Children report twice a second; this much silence means a hung child.</summary>
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(15);

    /// <summary>Runs the children; <paramref name="startTime"/> is awaited once all are ready, before they are released.</summary>
    public static async Task<RowRun> RunAsync(IReadOnlyList<ClientJob> jobs, IReadOnlyList<TransferCounter> counters, StressProgress progress,
        Func<CancellationToken, Task> startTime, CancellationToken cancellationToken)
    {
        var children = new List<StressClientProcessHandle>(jobs.Count);
        try
        {
            for (int i = 0; i < jobs.Count; i++)
                children.Add(StressClientProcessHandle.Start(jobs[i], counters[i]));
            await WaitReadyAsync(children, cancellationToken).ConfigureAwait(false);
            await startTime(cancellationToken).ConfigureAwait(false);
            long released = Stopwatch.GetTimestamp();
            foreach (var child in children) child.Release();
            var outcomes = await Task.WhenAll(children.Select(c => WatchAsync(c, jobs[0].Settings.IdleTimeout, progress, cancellationToken))).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return new RowRun(outcomes, released);
        }
        finally
        {
            await Task.WhenAll(children.Select(c => c.EndAsync())).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every child is ready, has died, or the start-up time is over; the late ones are killed.</summary>
    private static async Task WaitReadyAsync(IReadOnlyList<StressClientProcessHandle> children, CancellationToken cancellationToken)
    {
        var all = Task.WhenAll(children.Select(c => c.ReadyOrGone));
        try
        {
            await all.WaitAsync(ReadyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            foreach (var child in children.Where(c => !c.ReadyOrGone.IsCompleted)) child.Kill($"The client process did not start within {ReadyTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>Waits for one child's outcome; kills it when it falls silent or its transfer stands still too long.</summary>
    private static async Task<ClientOutcome> WatchAsync(StressClientProcessHandle child, TimeSpan idleTimeout, StressProgress progress, CancellationToken cancellationToken)
    {
        try
        {
            TimeSpan stillLimit = idleTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : idleTimeout + SilenceLimit;
            while (!child.Outcome.IsCompleted)
            {
                await Task.WhenAny(child.Outcome, Task.Delay(500, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (child.Outcome.IsCompleted) break;
                if (child.SinceLastLine > SilenceLimit)
                    child.Kill($"The client process was silent for {SilenceLimit.TotalSeconds:0} s and was killed.");
                else if (stillLimit != Timeout.InfiniteTimeSpan && child.SinceLastProgress > stillLimit)
                    child.Kill($"The client process moved no byte for {stillLimit.TotalSeconds:0} s and was killed.");
            }
            return await child.Outcome.ConfigureAwait(false);
        }
        finally
        {
            progress.ClientEnded();
        }
    }
}
