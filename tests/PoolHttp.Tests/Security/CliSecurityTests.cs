using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using PoolHttp.Engine.Server.Security;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Security;

/// <summary><c>poolhttp serve</c> with a certificate and a credential from files, and <c>poolhttp hash-password</c>.</summary>
public class CliSecurityTests
{
    private const string CertificatePassword = "pfx-Secret-42";

    [Fact]
    public async Task Serve_speaks_https_with_a_password_from_a_file_and_no_secret_on_any_command_line()
    {
        using var root = new TempRoot();
        using var certificate = TestCertificates.Create();
        string secrets = Directory.CreateTempSubdirectory("poolhttp-secrets-").FullName;
        try
        {
            string[] tls = await WritePfxAsync(certificate, secrets);
            await File.WriteAllTextAsync(Path.Combine(secrets, "user.txt"), AuthenticationTests.Password + "\n");
            root.Write("a.txt", "hello");
            using var serve = CliProcess.StartServe(root.Path, new[] { "--port", "0", "--mode", "process", "--workers", "2", "--quiet",
                "--user", AuthenticationTests.User, "--password-file", Path.Combine(secrets, "user.txt") }.Concat(tls).ToArray());
            Assert.Equal("https", serve.BaseUri.Scheme);

            using var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString();
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
            using (var refused = await http.GetAsync(new Uri(serve.BaseUri, "/a.txt")))
                Assert.Equal(401, (int)refused.StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(AuthenticationTests.User + ":" + AuthenticationTests.Password)));
            Assert.Equal("hello", await http.GetStringAsync(new Uri(serve.BaseUri, "/a.txt")));

            if (!OperatingSystem.IsLinux()) return;
            using var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri(serve.BaseUri, "/.poolhttp/stats")));
            var pids = stats.RootElement.GetProperty("perWorker").EnumerateArray().Select(w => w.GetProperty("pid").GetInt32()).Append(serve.Process.Id);
            foreach (int pid in pids)
            {
                string cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
                Assert.DoesNotContain(AuthenticationTests.Password, cmdline, StringComparison.Ordinal);
                Assert.DoesNotContain(CertificatePassword, cmdline, StringComparison.Ordinal);
                Assert.DoesNotContain("MII", cmdline, StringComparison.Ordinal); // no base64 certificate or key
            }
        }
        finally
        {
            Directory.Delete(secrets, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_with_http_port_answers_plain_http_beside_https_on_the_same_root()
    {
        using var root = new TempRoot();
        using var certificate = TestCertificates.Create();
        string secrets = Directory.CreateTempSubdirectory("poolhttp-secrets-").FullName;
        try
        {
            string[] tls = await WritePfxAsync(certificate, secrets);
            root.Write("a.txt", "hello");
            using var serve = CliProcess.StartServe(root.Path, new[] { "--port", "0", "--quiet", "--http-port", "0" }.Concat(tls).ToArray());
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (serve.Urls.Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
            var urls = serve.Urls.ToArray();
            Assert.Equal(new[] { "https", "http" }, urls.Select(u => u.Scheme));

            using var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString();
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
            Assert.Equal("hello", await http.GetStringAsync(new Uri(urls[0], "/a.txt")));
            Assert.Equal("hello", await http.GetStringAsync(new Uri(urls[1], "/a.txt")));
        }
        finally
        {
            Directory.Delete(secrets, recursive: true);
        }
    }

    /// <summary>Writes the certificate as a password-protected PFX and its password file; returns the serve options naming them.</summary>
    private static async Task<string[]> WritePfxAsync(X509Certificate2 certificate, string folder)
    {
        string pfx = Path.Combine(folder, "server.pfx"), password = Path.Combine(folder, "pfx.txt");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, CertificatePassword));
        await File.WriteAllTextAsync(password, CertificatePassword + "\n");
        return new[] { "--certificate", pfx, "--certificate-password-file", password };
    }

    [Fact]
    public void Hash_password_reads_standard_input_and_prints_a_line_the_server_accepts()
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "poolhttp.dll"), "hash-password", "anna", "--iterations", "1000" }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        process.StandardInput.WriteLine("s3cret pass");
        process.StandardInput.Close();
        string line = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        var auth = BasicAuthenticator.FromLines(new[] { line }, "output");
        Assert.True(auth.Verify("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("anna:s3cret pass"))));
        Assert.False(auth.Verify("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("anna:s3cret"))));
    }
}
