using System.Diagnostics;
using System.Globalization;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// What runs inside a stress client process (<c>poolhttp-host stress-client ...</c>, started by the runner, not by people;
/// the runner holds it through its handle, <see cref="StressClientProcessHandle"/>).
/// It prepares its client, prints <c>ready</c>, waits for <c>go</c> on its control pipe (the barrier), then does
/// its one transfer, printing <c>progress BYTES</c> twice a second and finally one JSON line with the outcome.
/// A <c>stop</c> line, or the control pipe closing (the runner died), cancels the transfer: no orphans.
/// </summary>
public static class StressClientProgram
{
    /// <summary>Exit code: the transfer succeeded.</summary>
    public const int Succeeded = 0;

    /// <summary>Exit code: the transfer failed (the report line says why).</summary>
    public const int Failed = 1;

    /// <summary>Exit code: the arguments were not understood.</summary>
    public const int BadArguments = 2;

    /// <summary>Exit code: the runner went away or stopped the client before releasing it.</summary>
    public const int NotReleased = 3;

    /// <summary>Exit code: the runner stopped the client during its transfer.</summary>
    public const int Stopped = 130;

    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs one client; returns the process exit code.</summary>
    /// <param name="args">What the runner passed, the verb first.</param>
    /// <param name="control">The runner's control pipe (standard input): <c>go</c>, then maybe <c>stop</c>.</param>
    /// <param name="report">Where readiness, progress and the outcome are printed (standard output).</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader control, TextWriter report)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(report);
        StressClientArguments parsed;
        try
        {
            parsed = StressClientArguments.Parse(args);
        }
        catch (FormatException e)
        {
            await report.WriteLineAsync(new StressClientReport(false, 0, 0, 0, null, null, nameof(PoolErrorKind.InvalidArgument), e.Message).ToJson()).ConfigureAwait(false);
            return BadArguments;
        }
        using var client = StressTransfer.CreateClient(new StressClientSettings(parsed.IdleTimeout, parsed.SkipCertificateCheck, parsed.CaCertificatePath,
            parsed.User is null ? null : new System.Net.NetworkCredential(parsed.User, PasswordVariable.Read() ?? ""),
            parsed.AllowUnencryptedAuthentication));
        var gate = new object();
        void Say(string line)
        {
            lock (gate)
            {
                report.WriteLine(line);
                report.Flush();
            }
        }
        Say("ready");
        // Console input has no true asynchronous read: the control pipe is watched from a thread of its own.
        string? first = await Task.Factory.StartNew(control.ReadLine, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        if (first != "go") return NotReleased;
        using var stop = new CancellationTokenSource();
        _ = Task.Factory.StartNew(() => WatchControl(control, stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var counter = new TransferCounter();
        using var heartbeat = new Timer(_ => Say("progress " + counter.BytesDone.ToString(CultureInfo.InvariantCulture)), null, HeartbeatInterval, HeartbeatInterval);
        long started = Stopwatch.GetTimestamp();
        StressClientReport outcome;
        try
        {
            var result = await StressTransfer.RunAsync(client, parsed.Operation, parsed.Target, parsed.LocalPath, counter, stop.Token).ConfigureAwait(false);
            outcome = new StressClientReport(true, Stopwatch.GetElapsedTime(started).TotalSeconds, result.BytesTransferred, result.Length,
                result.StatusCode, result.Sha256, null, null);
        }
        catch (PoolException e)
        {
            outcome = new StressClientReport(false, Stopwatch.GetElapsedTime(started).TotalSeconds, 0, 0, e.StatusCode, null, e.Kind.ToString(), e.Detail);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return Stopped;
        }
        await heartbeat.DisposeAsync().ConfigureAwait(false);
        Say(outcome.ToJson());
        return outcome.Ok ? Succeeded : Failed;
    }

    private static void WatchControl(TextReader control, CancellationTokenSource stop)
    {
        try
        {
            string? line;
            while ((line = control.ReadLine()) is not null && line != "stop")
            {
            }
        }
        catch (IOException)
        {
            // a broken pipe means the runner is gone: stop as for "stop"
        }
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the transfer has already ended
        }
    }
}
