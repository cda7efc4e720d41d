using System.Diagnostics;
using System.Net.Http;
using System.Text.RegularExpressions;

namespace PoolHttp.Tests.Support;

/// <summary>A <c>poolhttp</c> process started by a test (ended by its PID on dispose).</summary>
public sealed partial class CliProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private CliProcess(Process process, Uri baseUri)
    {
        Process = process;
        BaseUri = baseUri;
    }

    public Process Process { get; }

    public Uri BaseUri { get; }

    /// <summary>Every URL the process printed so far (the first is <see cref="BaseUri"/>).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<Uri> Urls => SharedUrls;

    private System.Collections.Concurrent.ConcurrentQueue<Uri> SharedUrls { get; set; } = new();

    /// <summary>The CLI's assembly, copied beside the test assembly; run it with <see cref="Environment.ProcessPath"/>.</summary>
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "poolhttp.dll");

    /// <summary>Starts <c>poolhttp serve</c> and waits for the line that names its URL.</summary>
    public static CliProcess StartServe(string root, params string[] extra)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!);
        info.ArgumentList.Add(DllPath);
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--root");
        info.ArgumentList.Add(root);
        foreach (var e in extra) info.ArgumentList.Add(e);
        return Start(info);
    }

    /// <summary>
    /// Starts a command that ends up running <c>poolhttp serve</c> in its own process (a wrapper that execs it keeps
    /// the PID) and waits for the line that names its URL.
    /// </summary>
    public static CliProcess Start(ProcessStartInfo info)
    {
        info.RedirectStandardError = true;
        info.RedirectStandardOutput = true;
        info.UseShellExecute = false;
        var process = Process.Start(info)!;
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var urls = new System.Collections.Concurrent.ConcurrentQueue<Uri>();
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new IOException("poolhttp serve exited before it was ready: " + string.Join(" | ", said)));
                return;
            }
            if (said.Count < 20) said.Enqueue(e.Data);
            var m = UrlPattern().Match(e.Data);
            if (!m.Success) return;
            urls.Enqueue(new Uri(m.Value));
            ready.TrySetResult(new Uri(m.Value));
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException("poolhttp serve did not report its URL.");
        }
        var started = new CliProcess(process, ready.Task.Result);
        started.SharedUrls = urls;
        return started;
    }

    public string Get(string path) => Http.GetStringAsync(new Uri(BaseUri, path)).GetAwaiter().GetResult();

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                Process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        Process.Dispose();
    }

    [GeneratedRegex(@"https?://[0-9.\[\]:]+/")]
    private static partial Regex UrlPattern();
}
