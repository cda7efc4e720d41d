using System.Management.Automation;
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

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
    protected CancellationToken Token => _cancel.Token;

    /// <summary>The servers this session started in its background.</summary>
    protected static PoolServerRegistry Servers => SessionServers.Current;

    /// <summary>Cancels the engine work in progress.</summary>
    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>A PowerShell path (relative to the current location, <c>~</c>, a drive) as a file-system path.</summary>
    protected string ResolvePath(string path) => GetUnresolvedProviderPathFromPSPath(path);

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
        bool shown = false;
        while (Task.WaitAny([work], ProgressIntervalMs) < 0)
        {
            describe(record);
            WriteProgress(record);
            shown = true;
        }
        if (shown)
        {
            record.RecordType = ProgressRecordType.Completed;
            WriteProgress(record);
        }
        return Await(work);
    }

    /// <summary>Runs one item's engine work and writes what it returns (a collection is enumerated); a failure is one error record.</summary>
    protected void RunItem<T>(object target, Func<CancellationToken, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            WriteObject(Await(work(Token)), enumerateCollection: true);
        }
        catch (Exception e) when (ErrorMap.IsExpected(e))
        {
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
        }
        catch (Exception e) when (ErrorMap.IsExpected(e))
        {
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
        _cancel.Dispose();
        GC.SuppressFinalize(this);
    }
}
