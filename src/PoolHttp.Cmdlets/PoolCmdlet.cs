using System.Collections.Concurrent;
using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Cmdlets;

/// <summary>
/// The base of every PoolHttp cmdlet: one cancellation source per invocation (Ctrl+C cancels it), and the helpers
/// that call the engine from the pipeline thread and turn its failures into error records through <see cref="ErrorMap"/>.
/// </summary>
public abstract class PoolCmdlet : PSCmdlet, IDisposable
{
    /// <summary>How often long work polls its counter for Write-Progress.</summary>
    protected const int ProgressIntervalMs = 500;

    private readonly CancellationTokenSource _cancel = new();
    private readonly ConcurrentQueue<string> _verbose = new();

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken Token => _cancel.Token;

    /// <summary>The servers this session started in its background.</summary>
    protected static PoolServerRegistry Servers => SessionServers.Current;

    /// <summary>Cancels the engine work in progress.</summary>
    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>
    /// Queues a verbose line from any thread (an engine callback): engine threads never write to the pipeline, so
    /// the pipeline thread writes the queue while it waits for work and after each item.
    /// </summary>
    protected void QueueVerbose(string line) => _verbose.Enqueue(line);

    /// <summary>Writes the queued verbose lines, on the pipeline thread.</summary>
    protected void WriteQueuedVerbose()
    {
        while (_verbose.TryDequeue(out var line)) WriteVerbose(line);
    }

    /// <summary>A PowerShell path (relative to the current location, <c>~</c>, a drive) as a file-system path.</summary>
    protected string ResolvePath(string path) => GetUnresolvedProviderPathFromPSPath(path);

    /// <summary><see cref="ResolvePath"/> for an optional path parameter: null when it is not bound.</summary>
    protected string? ResolveOptionalPath(string? path) => path is null ? null : ResolvePath(path);

    /// <summary>Waits for engine work on the pipeline thread; its cancellation becomes a stopped pipeline.</summary>
    protected T Await<T>(Task<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return work.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>Waits for engine work on the pipeline thread; its cancellation becomes a stopped pipeline.</summary>
    protected void Await(Task work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            work.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// Waits for engine work while showing its progress: every <see cref="ProgressIntervalMs"/> the pipeline thread
    /// lets <paramref name="describe"/> fill <paramref name="record"/> from the engine's counter (never per buffer),
    /// writes it, and completes it at the end. Engine threads never write anything themselves.
    /// </summary>
    protected T RunWithProgress<T>(Task<T> work, ProgressRecord record, Action<ProgressRecord> describe)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(describe);
        if (WaitShowingProgress(work, record, describe)) CompleteProgress(record);
        return Await(work);
    }

    /// <summary>
    /// Runs engine work that streams objects (a stress run's rows): pulls them one by one on the pipeline thread,
    /// which alone may write, and hands each to <paramref name="write"/>, with one progress bar for the whole
    /// stream, filled by <paramref name="describe"/> every <see cref="ProgressIntervalMs"/>. Leaving early (a stopped
    /// pipeline, <c>Select-Object -First</c>) disposes the stream so that the engine stops and cleans up first. A
    /// failure of the stream itself ends the command (a terminating error about <paramref name="target"/>).
    /// </summary>
    protected void RunStream<T>(object? target, IAsyncEnumerable<T> work, ProgressRecord record, Action<ProgressRecord> describe, Action<T> write)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(describe);
        ArgumentNullException.ThrowIfNull(write);
        var items = work.GetAsyncEnumerator(Token);
        try
        {
            bool shown = false;
            while (true)
            {
                var next = items.MoveNextAsync().AsTask();
                shown |= WaitShowingProgress(next, record, describe);
                bool more = Await(next);
                WriteQueuedVerbose();
                if (!more) break;
                write(items.Current);
            }
            if (shown) CompleteProgress(record);
        }
        catch (Exception e) when (ErrorMap.IsExpected(e))
        {
            ThrowTerminatingError(ErrorMap.ToRecord(e, target));
        }
        finally
        {
            Await(items.DisposeAsync().AsTask());
        }
    }

    /// <summary>
    /// Writes the state of <paramref name="record"/> every <see cref="ProgressIntervalMs"/> until the work ends, with
    /// the verbose lines queued meanwhile; true when progress was shown.
    /// </summary>
    private bool WaitShowingProgress(Task work, ProgressRecord record, Action<ProgressRecord> describe)
    {
        bool shown = false;
        try
        {
            while (Task.WaitAny([work], ProgressIntervalMs) < 0)
            {
                WriteQueuedVerbose();
                describe(record);
                WriteProgress(Snapshot(record));
                shown = true;
            }
        }
        catch (PipelineStoppedException)
        {
            // Once stopping, WriteProgress throws at once: let the cancelled work clean up (temp files) before leaving.
            Task.WaitAny(work);
            throw;
        }
        return shown;
    }

    private void CompleteProgress(ProgressRecord record)
    {
        record.RecordType = ProgressRecordType.Completed;
        WriteProgress(Snapshot(record));
    }

    // A record of its own each time: hosts and captures keep what they are given, and one record written again and
    // again would show them N references to its final state.
    private static ProgressRecord Snapshot(ProgressRecord record) => new(record.ActivityId, record.Activity, record.StatusDescription)
    {
        ParentActivityId = record.ParentActivityId,
        CurrentOperation = record.CurrentOperation,
        PercentComplete = record.PercentComplete,
        SecondsRemaining = record.SecondsRemaining,
        RecordType = record.RecordType,
    };

    /// <summary>
    /// Runs one transfer with Write-Progress from its <see cref="TransferCounter"/> and writes its result; a failure is
    /// one error record about <paramref name="target"/>, and the pipeline goes on.
    /// </summary>
    protected void RunTransfer(object target, ProgressRecord record, Func<TransferCounter, CancellationToken, Task<PoolTransferResult>> work)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(work);
        var counter = new TransferCounter();
        try
        {
            var result = RunWithProgress(work(counter, Token), record, r =>
            {
                r.StatusDescription = counter.Describe();
                r.PercentComplete = counter.PercentComplete;
            });
            WriteQueuedVerbose();
            WriteObject(result);
        }
        catch (Exception e) when (ErrorMap.IsExpected(e))
        {
            WriteQueuedVerbose();
            WriteError(ErrorMap.ToRecord(e, target));
        }
    }

    /// <summary>
    /// The file-system paths of PowerShell paths: wildcards expanded by the provider (a pattern that matches nothing
    /// gives nothing, as with Get-Item), or taken literally. A path that cannot be resolved, or is not on the file
    /// system, is one error record and the others go on.
    /// </summary>
    protected IReadOnlyList<string> ResolveFileSystemPaths(IEnumerable<string> paths, bool literal)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var resolved = new List<string>();
        foreach (string path in paths)
        {
            resolved.AddRange(Query<string>(path, () => literal ? [ResolvePath(path)] : ResolveWildcards(path)));
        }
        return resolved;
    }

    private IReadOnlyList<string> ResolveWildcards(string path)
    {
        var found = GetResolvedProviderPathFromPSPath(path, out var provider);
        if (provider.ImplementingType != typeof(FileSystemProvider))
            throw new ArgumentException($"'{path}' is a {provider.Name} path; only file-system paths can be used.", nameof(path));
        return found;
    }

    /// <summary>Runs one item's engine work and writes what it returns (a collection is enumerated); a failure is one error record.</summary>
    protected void RunItem<T>(object target, Func<CancellationToken, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            var result = Await(work(Token));
            WriteQueuedVerbose();
            WriteObject(result, enumerateCollection: true);
        }
        catch (Exception e) when (ErrorMap.IsExpected(e))
        {
            WriteQueuedVerbose();
            WriteError(ErrorMap.ToRecord(e, target));
        }
    }

    /// <summary>Runs one item's engine work that returns nothing; a failure is one error record.</summary>
    protected void RunItem(object target, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            Await(work(Token));
            WriteQueuedVerbose();
        }
        catch (Exception e) when (ErrorMap.IsExpected(e))
        {
            WriteQueuedVerbose();
            WriteError(ErrorMap.ToRecord(e, target));
        }
    }

    /// <summary>Runs a quick synchronous engine call for one item; a failure is one error record.</summary>
    protected void Run(object target, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            work();
        }
        catch (Exception e) when (ErrorMap.IsExpected(e))
        {
            WriteError(ErrorMap.ToRecord(e, target));
        }
    }

    /// <summary>Asks the engine for one item's objects; a failure is one error record and no objects.</summary>
    protected IReadOnlyList<T> Query<T>(object target, Func<IReadOnlyList<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return work();
        }
        catch (Exception e) when (ErrorMap.IsExpected(e))
        {
            WriteError(ErrorMap.ToRecord(e, target));
            return [];
        }
    }

    /// <summary>Runs engine work without which nothing can proceed: a failure ends the command (a terminating error).</summary>
    protected T RunOrTerminate<T>(object target, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return work();
        }
        catch (Exception e) when (ErrorMap.IsExpected(e))
        {
            ThrowTerminatingError(ErrorMap.ToRecord(e, target));
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    /// <summary>Releases the cancellation source; PowerShell calls this when the pipeline ends.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the invocation holds; a derived cmdlet adds its own and calls the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) _cancel.Dispose();
    }
}
