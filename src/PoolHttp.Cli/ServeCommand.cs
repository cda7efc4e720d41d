using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Server.Security;

namespace PoolHttp.Cli;

/// <summary><c>poolhttp serve</c>: runs a server in the foreground until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var root = new Option<string>("--root") { Description = "Folder to serve.", DefaultValueFactory = _ => "files" };
        var address = new Option<string>("--address") { Description = "Address to listen on (0.0.0.0 listens on every interface).", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int?>("--port") { Description = "Port to listen on (default 8885 for thread mode, 8889 for process mode; 0 picks a free one)." };
        var mode = new Option<ServerMode>("--mode") { Description = "Worker model: thread or process.", DefaultValueFactory = _ => ServerMode.Thread };
        var workers = new Option<int>("--workers") { Description = "Number of workers.", DefaultValueFactory = _ => 5 };
        var maxUpload = new Option<string?>("--max-upload-size") { Description = "Largest accepted upload, e.g. 1GB (default: no limit)." };
        var headerTimeout = new Option<double>("--header-timeout") { Description = "Seconds a request head may take.", DefaultValueFactory = _ => 10 };
        var bodyTimeout = new Option<double>("--body-timeout") { Description = "Seconds a body transfer may stall.", DefaultValueFactory = _ => 30 };
        var keepAlive = new Option<double>("--keep-alive-timeout") { Description = "Seconds an idle connection is kept.", DefaultValueFactory = _ => 5 };
        var readOnly = new Option<bool>("--read-only") { Description = "Refuse uploads and deletes." };
        var webDav = new Option<bool>("--webdav") { Description = "Serve WebDAV (PROPFIND, PROPPATCH, COPY, MOVE, LOCK, UNLOCK) for rclone, davfs2 and file managers." };
        var user = new Option<string?>("--user") { Description = $"Require this user (HTTP Basic); the password comes from --password-file or {PasswordVariable.Name}." };
        var passwordFile = new Option<string?>("--password-file") { Description = "File whose first line is the --user password." };
        var usersFile = new Option<string?>("--users-file") { Description = "Require a user from this file of 'user:pbkdf2-sha256:...' lines (see hash-password)." };
        var anonymousRead = new Option<bool>("--anonymous-read") { Description = "With --user or --users-file: reading needs no credential, writing and stats do." };
        var certificate = new Option<string?>("--certificate") { Description = "Serve HTTPS (TLS 1.2/1.3) with this certificate: a PFX file, or a PEM file (key inside or in --certificate-key)." };
        var certificateKey = new Option<string?>("--certificate-key") { Description = "PEM private key of --certificate." };
        var certificatePasswordFile = new Option<string?>("--certificate-password-file") { Description = "File whose first line opens the PFX or the encrypted PEM key." };
        var httpPort = new Option<int?>("--http-port") { Description = "With --certificate: also serve plain HTTP on this port (0 picks a free one), same root and settings." };
        var congestion = new Option<string>("--congestion-control") { Description = "TCP congestion control of the connections: auto (reno, which paces nothing, on a loopback address; the system's elsewhere), system, or a name such as cubic (Linux).", DefaultValueFactory = _ => CongestionControl.Auto };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not print the access log." };

        var command = new Command("serve", "Serve a folder over HTTP/1.1 until Ctrl+C.")
        {
            root, address, port, mode, workers, maxUpload, headerTimeout, bodyTimeout, keepAlive, readOnly, webDav, user, passwordFile, usersFile, anonymousRead, certificate, certificateKey, certificatePasswordFile, httpPort, congestion, quiet,
        };
        command.SetAction(parse =>
        {
            ServerOptions options;
            try
            {
                options = Security(parse.GetValue(user), parse.GetValue(passwordFile), parse.GetValue(usersFile), parse.GetValue(anonymousRead),
                    parse.GetValue(certificate), parse.GetValue(certificateKey), parse.GetValue(certificatePasswordFile)).ApplyTo(new ServerOptions
                {
                    Root = parse.GetValue(root)!,
                    Address = IPAddress.Parse(parse.GetValue(address)!),
                    Port = parse.GetValue(port),
                    Mode = parse.GetValue(mode),
                    Workers = parse.GetValue(workers),
                    MaxUploadSize = parse.GetValue(maxUpload) is string s ? Sizes.Parse(s) : null,
                    HeaderTimeout = TimeSpan.FromSeconds(parse.GetValue(headerTimeout)),
                    BodyTimeout = TimeSpan.FromSeconds(parse.GetValue(bodyTimeout)),
                    KeepAliveTimeout = TimeSpan.FromSeconds(parse.GetValue(keepAlive)),
                    ReadOnly = parse.GetValue(readOnly),
                    WebDav = parse.GetValue(webDav),
                    CongestionControl = parse.GetValue(congestion)!,
                });
                options.Validate();
                if (parse.GetValue(httpPort) is int p && (options.Certificate is null || p is < 0 or > 65535))
                    throw new ArgumentException("--http-port needs --certificate and a port from 0 to 65535.");
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or Engine.Results.PoolException)
            {
                return CliErrors.Fail(e.Message, Program.UsageError);
            }
            return Run(options, parse.GetValue(httpPort), parse.GetValue(quiet));
        });
        return command;
    }

    // The secrets come from files or the environment here; what they make of the options is the engine's rule.
    private static ServerSecurity Security(string? user, string? passwordFile, string? usersFile, bool anonymousRead,
        string? certificate, string? certificateKey, string? certificatePasswordFile)
    {
        if (certificate is null && certificatePasswordFile is not null) throw new ArgumentException("--certificate-password-file needs --certificate.");
        return new ServerSecurity
        {
            Credential = Secrets.Credential(user, passwordFile),
            UsersFile = usersFile,
            AnonymousRead = anonymousRead,
            CertificatePath = certificate,
            CertificateKeyPath = certificateKey,
            CertificatePassword = certificatePasswordFile is null ? null : Secrets.ReadFile(certificatePasswordFile, "--certificate-password-file"),
        };
    }

    private static int Run(ServerOptions options, int? httpPort, bool quiet)
    {
        using var log = quiet ? null : new AccessLogWriter(Console.Out);
        if (log is not null) options = options with { AccessLog = log.Add };
        PoolServer server;
        PoolServer? plain = null;
        long starting = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            server = PoolServer.Start(options);
            // Plain HTTP beside HTTPS: a second server on the same root with the same settings and no certificate.
            if (httpPort is int p)
            {
                try { plain = PoolServer.Start(options with { Certificate = null, Port = p }); }
                catch { server.Stop(); throw; }
            }
        }
        catch (SocketException e)
        {
            return CliErrors.Fail($"cannot listen on {options.Address}:{options.EffectivePort}: {e.Message}");
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or IOException or Engine.Results.PoolException)
        {
            return CliErrors.Fail(e.Message);
        }
        using var stop = new ManualResetEventSlim();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Set(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Set(); });
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PoolHttp serving {server.Root} at {server.BaseUri} ({options.Mode.ToString().ToLowerInvariant()} mode, {options.Workers} workers ready in {System.Diagnostics.Stopwatch.GetElapsedTime(starting).TotalSeconds:0.00} s). Ctrl+C stops."));
        if (plain is not null) Console.Error.WriteLine($"PoolHttp also serving plain HTTP at {plain.BaseUri} (its own {options.Workers} workers).");
        stop.Wait();
        Console.Error.WriteLine("PoolHttp stopping: finishing requests in progress...");
        plain?.Stop();
        server.Stop();
        var s = server.Statistics();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PoolHttp stopped: {s.Total} requests ({s.Succeeded} succeeded, {s.Failed} failed), {s.BytesReceived} bytes in, {s.BytesSent} bytes out."));
        return 0;
    }
}
