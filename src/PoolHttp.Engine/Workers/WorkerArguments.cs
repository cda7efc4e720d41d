using System.Globalization;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Workers;

/// <summary>What a process-pool child needs to know, passed on its command line after the verb <c>worker</c>.</summary>
public sealed record WorkerArguments(long ListenHandle, int Id, int Workers, string CountersPath, DateTimeOffset StartedAt,
    ServerOptions Options)
{
    /// <summary>The command-line verb that makes <c>poolhttp</c> a worker.</summary>
    public const string Verb = "worker";

    /// <summary>True when the child reports an access-log line per request to its parent.</summary>
    public bool AccessLog { get; init; }

    /// <summary>The arguments after the verb.</summary>
    public IReadOnlyList<string> ToArgs()
    {
        var o = Options;
        return new[]
        {
            Verb, Arg("fd", ListenHandle), Arg("id", Id), Arg("workers", Workers), "--counters=" + CountersPath,
            Arg("started", StartedAt.UtcTicks), "--root=" + o.Root, Arg("read-only", o.ReadOnly ? 1 : 0),
            Arg("max-upload", o.MaxUploadSize ?? -1), Arg("header-ms", Ms(o.HeaderTimeout)), Arg("body-ms", Ms(o.BodyTimeout)),
            Arg("keep-alive-ms", Ms(o.KeepAliveTimeout)), Arg("stop-ms", Ms(o.StopTimeout)),
            Arg("anonymous-read", o.AnonymousRead ? 1 : 0), Arg("log", AccessLog ? 1 : 0),
        };
    }

    /// <summary>Parses what <see cref="ToArgs"/> wrote (the verb included); throws <see cref="FormatException"/> otherwise.</summary>
    public static WorkerArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != Verb) throw new FormatException("Not worker arguments.");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var arg in args.Skip(1))
        {
            int eq = arg.IndexOf('=');
            if (!arg.StartsWith("--", StringComparison.Ordinal) || eq < 0) throw new FormatException($"Bad worker argument '{arg}'.");
            map[arg[2..eq]] = arg[(eq + 1)..];
        }
        string Get(string key) => map.TryGetValue(key, out var v) ? v : throw new FormatException($"Missing worker argument --{key}.");
        long Long(string key) => long.Parse(Get(key), CultureInfo.InvariantCulture);
        long maxUpload = Long("max-upload");
        var options = new ServerOptions
        {
            Root = Get("root"),
            Mode = ServerMode.Process,
            Workers = (int)Long("workers"),
            ReadOnly = Long("read-only") == 1,
            MaxUploadSize = maxUpload < 0 ? null : maxUpload,
            HeaderTimeout = TimeSpan.FromMilliseconds(Long("header-ms")),
            BodyTimeout = TimeSpan.FromMilliseconds(Long("body-ms")),
            KeepAliveTimeout = TimeSpan.FromMilliseconds(Long("keep-alive-ms")),
            StopTimeout = TimeSpan.FromMilliseconds(Long("stop-ms")),
            // Credentials and the certificate come over the control pipe (WorkerSecrets), never on the command line.
            AnonymousRead = map.TryGetValue("anonymous-read", out var anonymous) && anonymous == "1",
        };
        return new WorkerArguments(Long("fd"), (int)Long("id"), options.Workers, Get("counters"),
            new DateTimeOffset(Long("started"), TimeSpan.Zero), options) { AccessLog = map.TryGetValue("log", out var log) && log == "1" };
    }

    private static string Arg(string key, long value) => "--" + key + "=" + value.ToString(CultureInfo.InvariantCulture);

    private static long Ms(TimeSpan t) => (long)t.TotalMilliseconds;
}
