using System.Globalization;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>What one stress client child does, passed on its command line after the verb <c>stress-client</c>.</summary>
/// <param name="Operation">Upload or Download.</param>
/// <param name="Target">The remote file to write or read.</param>
/// <param name="LocalPath">The file to upload; null for a download.</param>
/// <param name="IdleTimeout">The transfer's idle timeout; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
public sealed record StressClientArguments(StressOperation Operation, Uri Target, string? LocalPath, TimeSpan IdleTimeout)
{
    /// <summary>The command-line verb that makes <c>poolhttp</c> a stress client.</summary>
    public const string Verb = "stress-client";

    /// <summary>Accept any server certificate.</summary>
    public bool SkipCertificateCheck { get; init; }

    /// <summary>A file of certificates to trust (public data only), or null.</summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>The HTTP Basic user, or null; the password travels in <see cref="Client.PasswordVariable"/>, never in the arguments.</summary>
    public string? User { get; init; }

    /// <summary>Send the credential over plain http:// too (the run's user allowed it).</summary>
    public bool AllowUnencryptedAuthentication { get; init; }

    /// <summary>The whole argument list, the verb first.</summary>
    public IReadOnlyList<string> ToArgs() => new[]
    {
        Verb, "--operation=" + Operation, "--target=" + Target.AbsoluteUri, "--file=" + (LocalPath ?? ""),
        "--idle-ms=" + (IdleTimeout == Timeout.InfiniteTimeSpan ? -1 : (long)IdleTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        "--insecure=" + (SkipCertificateCheck ? "1" : "0"), "--ca=" + (CaCertificatePath ?? ""), "--user=" + (User ?? ""),
        "--allow-unencrypted-auth=" + (AllowUnencryptedAuthentication ? "1" : "0"),
    };

    /// <summary>Parses what <see cref="ToArgs"/> wrote (the verb included); throws <see cref="FormatException"/> otherwise.</summary>
    public static StressClientArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] != Verb) throw new FormatException("Not stress-client arguments.");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var arg in args.Skip(1))
        {
            int eq = arg.IndexOf('=');
            if (!arg.StartsWith("--", StringComparison.Ordinal) || eq < 0) throw new FormatException($"Bad stress-client argument '{arg}'.");
            map[arg[2..eq]] = arg[(eq + 1)..];
        }
        string Get(string key) => map.TryGetValue(key, out var v) ? v : throw new FormatException($"Missing stress-client argument --{key}.");
        if (!Enum.TryParse<StressOperation>(Get("operation"), ignoreCase: true, out var operation) || !Enum.IsDefined(operation))
            throw new FormatException($"Unknown operation '{Get("operation")}'.");
        if (!Uri.TryCreate(Get("target"), UriKind.Absolute, out var target)) throw new FormatException("The target is not an absolute URL.");
        if (!long.TryParse(Get("idle-ms"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long idle) || idle is 0 or < -1)
            throw new FormatException("The idle timeout is not a positive number of milliseconds (or -1).");
        string file = Get("file");
        if (operation == StressOperation.Upload && file.Length == 0) throw new FormatException("An upload needs --file.");
        string ca = map.TryGetValue("ca", out var caPath) ? caPath : "";
        return new StressClientArguments(operation, target, file.Length == 0 ? null : file,
            idle < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(idle))
        {
            SkipCertificateCheck = map.TryGetValue("insecure", out var insecure) && insecure == "1",
            CaCertificatePath = ca.Length == 0 ? null : ca,
            User = map.TryGetValue("user", out var user) && user.Length > 0 ? user : null,
            AllowUnencryptedAuthentication = map.TryGetValue("allow-unencrypted-auth", out var allow) && allow == "1",
        };
    }
}
