using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Results;

[assembly: InternalsVisibleTo("PoolHttp.Tests")]

namespace PoolHttp.Cli;

/// <summary>What the client verbs (upload, download, list, delete) share: options, the client, one-line errors.</summary>
internal static class ClientCli
{
    /// <summary>Exit code after Ctrl+C, as shells report a SIGINT.</summary>
    public const int Cancelled = 130;

    public static Option<double> TimeoutOption() => new("--timeout")
    {
        Description = "Idle timeout in seconds: a transfer fails when no byte moved for this long (0: never).",
        DefaultValueFactory = _ => 30,
    };

    public static Argument<string> UrlArgument(string description) => new("URL") { Description = description };

    /// <summary>Parses an absolute http(s) URL; otherwise prints a usage error and returns null.</summary>
    public static Uri? ParseUrl(string? text, TextWriter error)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            return uri;
        Fail(error, $"'{text}' is not an http:// or https:// URL.");
        return null;
    }

    /// <summary>The option that lets --user go over plain http:// (the name curl users know from Invoke-WebRequest's -AllowUnencryptedAuthentication).</summary>
    public static Option<bool> AllowUnencryptedAuthOption() =>
        new(AllowUnencryptedOption) { Description = "Send the --user credential over plain http:// too, where anyone on the way can read it (refused otherwise)." };

    /// <summary>Adds --user, --password-file, --allow-unencrypted-auth, --ca-certificate and --insecure-skip-certificate-check to a client verb.</summary>
    public static void AddSecurityOptions(Command command)
    {
        command.Options.Add(new Option<string?>(UserOption) { Description = $"Send this user (HTTP Basic); the password comes from --password-file or {PasswordVariable.Name}." });
        command.Options.Add(new Option<string?>(PasswordFileOption) { Description = "File whose first line is the --user password." });
        command.Options.Add(AllowUnencryptedAuthOption());
        command.Options.Add(new Option<string?>(CaOption) { Description = "Trust the server certificates signed by this CA (or this certificate itself), PEM or DER." });
        command.Options.Add(new Option<bool>(InsecureOption) { Description = "Accept ANY server certificate: for a self-signed test server only, never over an untrusted network." });
    }

    private const string UserOption = "--user", PasswordFileOption = "--password-file", CaOption = "--ca-certificate",
        InsecureOption = "--insecure-skip-certificate-check", AllowUnencryptedOption = "--allow-unencrypted-auth";

    /// <summary>
    /// A client with the verb's idle timeout and security options for requests to <paramref name="target"/>; null
    /// after a usage error, such as a credential bound for http:// without --allow-unencrypted-auth (nothing is sent).
    /// </summary>
    public static PoolHttpClient? CreateClient(ParseResult parse, Uri target, double timeoutSeconds, TextWriter error)
    {
        PoolClientOptions security;
        try
        {
            string? user = parse.GetValue<string?>(UserOption), passwordFile = parse.GetValue<string?>(PasswordFileOption), ca = parse.GetValue<string?>(CaOption);
            security = new PoolClientOptions
            {
                Credential = Secrets.Credential(user, passwordFile),
                TrustedCertificates = ca is null ? null : CertificateTrust.Load(ca),
                SkipCertificateCheck = parse.GetValue<bool>(InsecureOption),
                AllowUnencryptedAuthentication = parse.GetValue<bool>(AllowUnencryptedOption),
            };
            CredentialTransport.Check(security.Credential, security.AllowUnencryptedAuthentication, target);
        }
        catch (Exception e) when (e is ArgumentException or PoolException)
        {
            Fail(error, e.Message);
            return null;
        }
        return CreateClient(timeoutSeconds, error, security);
    }

    /// <summary>A client with the idle timeout given in seconds; null (after a usage error) when it is out of range.</summary>
    public static PoolHttpClient? CreateClient(double timeoutSeconds, TextWriter error, PoolClientOptions? security = null)
    {
        if (!TryIdleTimeout(timeoutSeconds, out var idle))
        {
            Fail(error, TimeoutUsage);
            return null;
        }
        return new PoolHttpClient((security ?? new PoolClientOptions()) with { IdleTimeout = idle });
    }

    /// <summary>What is wrong with a --timeout out of range (<see cref="IdleTimeout"/>'s rule).</summary>
    public const string TimeoutUsage = "--timeout must be a number of seconds, 0 or more.";

    /// <summary>The --timeout in seconds as an idle timeout; false when <see cref="IdleTimeout.FromSeconds"/> refuses it.</summary>
    public static bool TryIdleTimeout(double seconds, out TimeSpan idle)
    {
        try
        {
            idle = IdleTimeout.FromSeconds(seconds);
            return true;
        }
        catch (ArgumentException)
        {
            idle = default;
            return false;
        }
    }

    /// <summary>Prints one line on stderr: "poolhttp: message".</summary>
    public static void Fail(TextWriter error, string message) => error.WriteLine("poolhttp: " + Printable(message));

    /// <summary>One line whatever a file name holds: control characters (a newline in a name) are escaped.</summary>
    public static string Printable(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var sb = new System.Text.StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (c == '\n') sb.Append("\\n");
            else if (char.IsControl(c)) sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Prints a failed item as one line: what it was about, then the detail (the server's, when it sent one).</summary>
    public static void Report(TextWriter error, PoolException e) => Fail(error, e.Message);

    /// <summary>
    /// Runs one item: true when it succeeded; a <see cref="PoolException"/> is reported in one line and gives false.
    /// The user's cancellation propagates.
    /// </summary>
    public static async Task<bool> RunItemAsync(Func<Task> item, TextWriter error)
    {
        try
        {
            await item().ConfigureAwait(false);
            return true;
        }
        catch (PoolException e)
        {
            Report(error, e);
            return false;
        }
    }

    /// <summary>
    /// Runs a verb body with a token that Ctrl+C (SIGINT) or SIGTERM cancels, so that the Engine can remove its
    /// temporary files; a second Ctrl+C ends the process at once. Cancellation gives one line and exit code 130.
    /// </summary>
    public static async Task<int> GuardAsync(Func<CancellationToken, Task<int>> body, TextWriter error, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = !cts.IsCancellationRequested;
            cts.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            return await body(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Fail(error, "cancelled.");
            return Cancelled;
        }
    }

    /// <summary>"1.5 MiB in 0.42 s (3.6 MiB/s)".</summary>
    public static string Summary(PoolTransferResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{TransferCounter.FormatBytes(r.BytesTransferred)} in {r.Seconds:0.00} s ({TransferCounter.FormatBytes((long)r.BytesPerSecond)}/s)");
}
