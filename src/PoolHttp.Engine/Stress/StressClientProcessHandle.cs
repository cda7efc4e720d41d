using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Workers;

namespace PoolHttp.Engine.Stress;

/// <summary>
/// The runner's handle on one child <c>poolhttp-host stress-client</c> process: its lines, its outcome, its end. What runs
/// inside the child is <see cref="StressClientProgram"/>.
/// </summary>
internal sealed class StressClientProcessHandle
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    private readonly Process _process;
    private readonly ClientJob _job;
    private readonly TransferCounter _counter;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ClientOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reading;
    private readonly Task _readingErrors;
    private long _lastLine = Stopwatch.GetTimestamp();
    private long _lastProgress = Stopwatch.GetTimestamp();
    private long _released;
    private long _reported;
    private string _firstError = "";

    private StressClientProcessHandle(Process process, ClientJob job, TransferCounter counter)
    {
        _process = process;
        _job = job;
        _counter = counter;
        _readingErrors = ReadErrorsAsync();
        _reading = ReadAsync();
    }

    /// <summary>Completes when the child said <c>ready</c> or can no longer say it.</summary>
    public Task ReadyOrGone => _ready.Task;

    /// <summary>The client's outcome: its report, or a failure when it died, hung, or was killed.</summary>
    public Task<ClientOutcome> Outcome => _outcome.Task;

    public TimeSpan SinceLastLine => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastLine));

    public TimeSpan SinceLastProgress => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastProgress));

    public static StressClientProcessHandle Start(ClientJob job, TransferCounter counter)
    {
        var info = ChildLauncher.StartInfo(new StressClientArguments(job.Operation, job.Target, job.LocalPath, job.Settings.IdleTimeout)
        {
            SkipCertificateCheck = job.Settings.SkipCertificateCheck,
            CaCertificatePath = job.Settings.CaCertificatePath,
            User = job.Settings.Credential?.UserName,
            AllowUnencryptedAuthentication = job.Settings.AllowUnencryptedAuthentication,
        }.ToArgs());
        info.RedirectStandardError = true;
        if (job.Settings.Credential is { } credential) info.Environment[PasswordVariable.Name] = credential.Password;
        var process = new Process { StartInfo = info };
        try
        {
            ListenerHandoff.StartChild(process, sharing: null);
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new IOException("A stress client process could not be started: " + e.Message, e);
        }
        return new StressClientProcessHandle(process, job, counter);
    }

    /// <summary>The barrier opens: tells the child to start its transfer.</summary>
    public void Release()
    {
        Interlocked.Exchange(ref _released, Stopwatch.GetTimestamp());
        Interlocked.Exchange(ref _lastProgress, Stopwatch.GetTimestamp());
        _counter.Begin(0, null);
        if (!_ready.Task.IsCompletedSuccessfully || _outcome.Task.IsCompleted) return;
        try
        {
            _process.StandardInput.WriteLine("go");
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // it died meanwhile; the reader reports it
        }
    }

    /// <summary>Fails the client with <paramref name="reason"/> and kills the process by its PID.</summary>
    public void Kill(string reason)
    {
        _outcome.TrySetResult(ClientOutcome.Failure(SecondsSinceRelease(), Stopwatch.GetTimestamp(), new PoolException(PoolErrorKind.Timeout, reason, _job.Target)));
        _ready.TrySetResult();
        KillProcess();
    }

    /// <summary>Ends the child: asks it to stop, waits a little, then kills it by its PID; always reaps it.</summary>
    public async Task EndAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    _process.StandardInput.WriteLine("stop");
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // already gone
                }
                using var grace = new CancellationTokenSource(StopGrace);
                try
                {
                    await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    KillProcess();
                    await _process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
            await Task.WhenAll(_reading, _readingErrors).ConfigureAwait(false);
        }
        finally
        {
            _outcome.TrySetResult(ClientOutcome.Failure(SecondsSinceRelease(), Stopwatch.GetTimestamp(),
                new PoolException(PoolErrorKind.Protocol, "The client process was stopped.", _job.Target)));
            _process.Dispose();
        }
    }

    private void KillProcess()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // it exited meanwhile
        }
    }

    private double SecondsSinceRelease() =>
        Interlocked.Read(ref _released) is var r && r != 0 ? Stopwatch.GetElapsedTime(r).TotalSeconds : 0;

    private async Task ReadAsync()
    {
        try
        {
            string? line;
            while ((line = await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false)) is not null)
            {
                Interlocked.Exchange(ref _lastLine, Stopwatch.GetTimestamp());
                OnLine(line);
            }
        }
        catch (IOException)
        {
            // the pipe broke: the same as the end of output
        }
        await _process.WaitForExitAsync().ConfigureAwait(false);
        await _readingErrors.ConfigureAwait(false);
        _ready.TrySetResult();
        string why = _firstError.Length > 0 ? ": " + _firstError : ".";
        _outcome.TrySetResult(ClientOutcome.Failure(SecondsSinceRelease(), Stopwatch.GetTimestamp(), new PoolException(PoolErrorKind.Protocol,
            string.Create(CultureInfo.InvariantCulture, $"The client process exited with code {_process.ExitCode} without a result{why}"), _job.Target)));
    }

    private void OnLine(string line)
    {
        if (line == "ready")
        {
            _ready.TrySetResult();
        }
        else if (line.StartsWith("progress ", StringComparison.Ordinal))
        {
            if (!long.TryParse(line.AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture, out long bytes)) return;
            long before = Interlocked.Exchange(ref _reported, bytes);
            if (bytes == before) return;
            _counter.Add(bytes - before);
            Interlocked.Exchange(ref _lastProgress, Stopwatch.GetTimestamp());
        }
        else if (line.StartsWith('{') && StressClientReport.TryParse(line) is { } report)
        {
            _counter.Add(report.Bytes - Interlocked.Exchange(ref _reported, report.Bytes));
            long now = Stopwatch.GetTimestamp();
            _outcome.TrySetResult(report.Ok
                ? new ClientOutcome(report.Seconds, report.Bytes, report.Length, report.Sha256, now, null)
                : ClientOutcome.Failure(report.Seconds, now, report.ToError(_job.Target)!));
        }
    }

    /// <summary>Keeps the first line the child wrote on stderr (an unhandled exception's message), for the failure's detail if it dies.</summary>
    private async Task ReadErrorsAsync()
    {
        try
        {
            string? line;
            while ((line = await _process.StandardError.ReadLineAsync().ConfigureAwait(false)) is not null)
            {
                string text = line.Trim();
                if (_firstError.Length == 0 && text.Length > 0) _firstError = text.Length > 200 ? text[..200] : text;
            }
        }
        catch (IOException)
        {
            // the pipe broke
        }
    }
}
