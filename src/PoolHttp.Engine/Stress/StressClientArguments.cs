using System.Globalization;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>What one stress client child does, passed on its command line (<see cref="ChildArguments"/>) after the verb <c>stress-client</c>.</summary>
/// <param name="Operation">Upload or Download.</param>
/// <param name="Target">The remote file to write or read.</param>
/// <param name="LocalPath">The file to upload; null for a download.</param>
/// <param name="IdleTimeout">The transfer's idle timeout; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
public sealed record StressClientArguments(StressOperation Operation, Uri Target, string? LocalPath, TimeSpan IdleTimeout)
{
    /// <summary>The command-line verb that makes the child host a stress client.</summary>
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
    public IReadOnlyList<string> ToArgs() => new ChildArguments(Verb)
        .Add("operation", Operation.ToString()).Add("target", Target.AbsoluteUri).Add("file", LocalPath)
        .Add("idle-ms", IdleTimeout == Timeout.InfiniteTimeSpan ? -1 : (long)IdleTimeout.TotalMilliseconds)
        .Add("insecure", SkipCertificateCheck).Add("ca", CaCertificatePath).Add("user", User)
        .Add("allow-unencrypted-auth", AllowUnencryptedAuthentication)
        .ToArgs();

    /// <summary>Parses what <see cref="ToArgs"/> wrote (the verb included); throws <see cref="FormatException"/> otherwise.</summary>
    public static StressClientArguments Parse(IReadOnlyList<string> args)
    {
        var a = ChildArguments.Parse(args, Verb);
        string name = a.Text("operation");
        if (!Enum.TryParse<StressOperation>(name, ignoreCase: true, out var operation) || !Enum.IsDefined(operation))
            throw new FormatException($"Unknown operation '{name}'.");
        if (!Uri.TryCreate(a.Text("target"), UriKind.Absolute, out var target)) throw new FormatException("The target is not an absolute URL.");
        if (!long.TryParse(a.Text("idle-ms"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long idle) || idle is 0 or < -1)
            throw new FormatException("The idle timeout is not a positive number of milliseconds (or -1).");
        string? file = a.Text("file") is { Length: > 0 } given ? given : null;
        if (operation == StressOperation.Upload && file is null) throw new FormatException("An upload needs --file.");
        return new StressClientArguments(operation, target, file, idle < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(idle))
        {
            SkipCertificateCheck = a.Flag("insecure"),
            CaCertificatePath = a.OptionalText("ca"),
            User = a.OptionalText("user"),
            AllowUnencryptedAuthentication = a.Flag("allow-unencrypted-auth"),
        };
    }
}
