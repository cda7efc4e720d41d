using PoolHttp.Engine.Server;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Workers;

namespace PoolHttp.Engine.Hosting;

/// <summary>
/// The process-pool child as the host runs it: <c>poolhttp-host worker --key=value ...</c>, written by the parent,
/// read here, then served by <see cref="ChildWorker"/>.
/// </summary>
public static class WorkerChild
{
    /// <summary>The command-line verb that makes the host a worker.</summary>
    public const string Verb = "worker";

    /// <summary>Exit code: the arguments were not understood.</summary>
    public const int BadArguments = 2;

    /// <summary>The whole argument list for <paramref name="args"/>, the verb first.</summary>
    public static IReadOnlyList<string> ToArgs(WorkerArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = args.Options;
        return new ChildArguments(Verb)
            .Add("fd", args.ListenHandle).Add("id", args.Id).Add("workers", args.Workers).Add("counters", args.CountersPath)
            .Add("started", args.StartedAt.UtcTicks).Add("root", o.Root).Add("read-only", o.ReadOnly)
            .Add("max-upload", o.MaxUploadSize ?? -1).Add("header-ms", Ms(o.HeaderTimeout)).Add("body-ms", Ms(o.BodyTimeout))
            .Add("keep-alive-ms", Ms(o.KeepAliveTimeout)).Add("stop-ms", Ms(o.StopTimeout))
            .Add("anonymous-read", o.AnonymousRead).Add("webdav", o.WebDav).Add("log", args.AccessLog)
            .Add("handoff-send", args.HandoffSend).Add("handoff-receive", args.HandoffReceive)
            .ToArgs();
    }

    /// <summary>Parses what <see cref="ToArgs"/> wrote (the verb included); throws <see cref="FormatException"/> otherwise.</summary>
    public static WorkerArguments Parse(IReadOnlyList<string> args)
    {
        var a = ChildArguments.Parse(args, Verb);
        long maxUpload = a.Long("max-upload");
        var options = new ServerOptions
        {
            Root = a.Text("root"),
            Mode = ServerMode.Process,
            Workers = (int)a.Long("workers"),
            ReadOnly = a.Long("read-only") == 1,
            MaxUploadSize = maxUpload < 0 ? null : maxUpload,
            HeaderTimeout = TimeSpan.FromMilliseconds(a.Long("header-ms")),
            BodyTimeout = TimeSpan.FromMilliseconds(a.Long("body-ms")),
            KeepAliveTimeout = TimeSpan.FromMilliseconds(a.Long("keep-alive-ms")),
            StopTimeout = TimeSpan.FromMilliseconds(a.Long("stop-ms")),
            // Credentials and the certificate come over the control pipe (WorkerSecrets), never on the command line.
            AnonymousRead = a.Flag("anonymous-read"),
            WebDav = a.Flag("webdav"),
        };
        return new WorkerArguments(a.Long("fd"), (int)a.Long("id"), options.Workers, a.Text("counters"),
            new DateTimeOffset(a.Long("started"), TimeSpan.Zero), options)
        {
            AccessLog = a.Flag("log"),
            HandoffSend = a.Long("handoff-send"),
            HandoffReceive = a.Long("handoff-receive"),
        };
    }

    /// <summary>Runs a worker until its parent stops it; returns the process exit code.</summary>
    /// <param name="args">What the parent passed, the verb first.</param>
    /// <param name="control">The parent's control pipe (standard input).</param>
    /// <param name="report">Where readiness and access-log lines go (standard output).</param>
    /// <param name="errors">Where a command line that is not understood is reported (standard error).</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader control, TextWriter report, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        WorkerArguments parsed;
        try
        {
            parsed = Parse(args);
        }
        catch (FormatException e)
        {
            errors.WriteLine("poolhttp-host: worker: " + e.Message);
            return BadArguments;
        }
        return await ChildWorker.RunAsync(parsed, control, report).ConfigureAwait(false);
    }

    private static long Ms(TimeSpan t) => (long)t.TotalMilliseconds;
}
