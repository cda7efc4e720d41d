using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using PoolHttp.Engine.Client;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Server.Security;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Security;

/// <summary>The contract's resources over HTTPS, in both modes, with a certificate made inside the test.</summary>
public abstract class HttpsTests : IDisposable
{
    private readonly X509Certificate2 _certificate = TestCertificates.Create();
    private readonly TempRoot _root = new();
    private readonly PoolServer _server;

    protected HttpsTests(ServerMode mode)
    {
        _server = PoolServer.Start(new ServerOptions
        {
            Root = _root.Path, Port = 0, Mode = mode, Workers = 2, Certificate = _certificate,
            Authentication = BasicAuthenticator.FromCredential(AuthenticationTests.User, AuthenticationTests.Password, 1000),
        });
    }

    private Uri Url(string path) => new(_server.BaseUri, path);

    /// <summary>A client that trusts exactly the test certificate and sends the test credential.</summary>
    private HttpClient Http(bool credential = true)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == _certificate.GetCertHashString();
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        if (credential)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(AuthenticationTests.User + ":" + AuthenticationTests.Password)));
        }
        return http;
    }

    private PoolHttpClient Client(bool skip = false, string? caFile = null) => new(new PoolClientOptions
    {
        Credential = new NetworkCredential(AuthenticationTests.User, AuthenticationTests.Password),
        SkipCertificateCheck = skip,
        TrustedCertificates = caFile is null ? null : CertificateTrust.Load(caFile),
    });

    [Fact]
    public void The_base_URL_is_https() => Assert.Equal("https", _server.BaseUri.Scheme);

    [Fact]
    public async Task Contract_resources_work_over_https()
    {
        using var http = Http();
        _root.Write("dir/a.txt", "0123456789");
        var range = new HttpRequestMessage(HttpMethod.Get, Url("/dir/a.txt"));
        range.Headers.Range = new RangeHeaderValue(2, 5);
        using (var r = await http.SendAsync(range))
        {
            Assert.Equal(HttpStatusCode.PartialContent, r.StatusCode);
            Assert.Equal("2345", await r.Content.ReadAsStringAsync());
        }
        using (var r = await http.GetAsync(Url("/dir/?format=json")))
        {
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            Assert.Equal("a.txt", doc.RootElement[0].GetProperty("name").GetString());
        }
        using (var r = await http.PutAsync(Url("/dir/b.txt"), new StringContent("put body")))
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal("put body", Encoding.UTF8.GetString(_root.Read("dir/b.txt")));
        using (var form = new MultipartFormDataContent { { new ByteArrayContent("posted"u8.ToArray()), "file", "c.txt" } })
        using (var r = await http.PostAsync(Url("/dir/"), form))
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal("posted", Encoding.UTF8.GetString(_root.Read("dir/c.txt")));
        using (var r = await http.DeleteAsync(Url("/dir/b.txt")))
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.False(_root.Exists("dir/b.txt"));
        using (var r = await http.GetAsync(Url("/.poolhttp/stats")))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            Assert.True(doc.RootElement.GetProperty("requests").GetProperty("total").GetInt64() >= 5);
        }
    }

    [Fact]
    public async Task A_large_file_round_trips_byte_for_byte()
    {
        var bytes = new byte[24 * 1024 * 1024 + 123];
        new Random(7).NextBytes(bytes);
        string local = Path.Combine(_root.Path, "..", Path.GetFileName(_root.Path) + "-src.bin");
        await File.WriteAllBytesAsync(local, bytes);
        try
        {
            using var client = Client(skip: true);
            var up = await client.UploadAsync(new UploadOptions(local, Url("/big.bin")));
            Assert.Equal(bytes.Length, up.BytesTransferred);
            Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(_root.Read("big.bin")));
            string back = local + ".back";
            await client.DownloadAsync(new DownloadOptions(Url("/big.bin"), back));
            Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await File.ReadAllBytesAsync(back)));
            File.Delete(back);
        }
        finally
        {
            File.Delete(local);
        }
    }

    [Fact]
    public void Plain_http_to_the_https_port_gets_a_clear_400()
    {
        using var raw = new RawHttp(_server.EndPoint.Port);
        raw.Write("GET /.poolhttp/health HTTP/1.1\r\nHost: t\r\n\r\n");
        var r = raw.ReadResponse();
        Assert.Equal(400, r.Status);
        Assert.Contains("HTTPS", r.Text, StringComparison.Ordinal);
        Assert.True(r.Closes);
    }

    [Fact]
    public async Task A_wrong_or_missing_password_is_refused_and_leaves_nothing_on_disk()
    {
        _root.Write("keep.bin", "old");
        using var anonymous = Http(credential: false);
        using (var r = await anonymous.PutAsync(Url("/keep.bin"), new ByteArrayContent(new byte[100_000])))
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using var wrong = new PoolHttpClient(new PoolClientOptions { Credential = new NetworkCredential(AuthenticationTests.User, "wrong"), SkipCertificateCheck = true });
        string local = Path.Combine(Path.GetTempPath(), $"poolhttp-tls-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(local, new byte[200_000]);
        try
        {
            var e = await Assert.ThrowsAsync<PoolException>(() => wrong.UploadAsync(new UploadOptions(local, Url("/new.bin"))));
            Assert.Equal(PoolErrorKind.Forbidden, e.Kind);
        }
        finally
        {
            File.Delete(local);
        }
        Assert.Equal("old", Encoding.UTF8.GetString(_root.Read("keep.bin")));
        Assert.False(_root.Exists("new.bin"));
        Assert.Empty(_root.TempFiles());
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_fails_clearly_unless_told_to_skip_the_check()
    {
        _root.Write("a.txt", "hello");
        using var strict = Client();
        var e = await Assert.ThrowsAsync<PoolException>(() => strict.ListAsync(new ListOptions(Url("/"))));
        Assert.Contains("certificate", e.Message, StringComparison.OrdinalIgnoreCase);
        using var skipping = Client(skip: true);
        Assert.Contains(await skipping.ListAsync(new ListOptions(Url("/"))), f => f.Name == "a.txt");
    }

    [Fact]
    public async Task A_client_trusts_the_server_through_a_CA_file_but_not_another_certificate()
    {
        _root.Write("a.txt", "hello");
        using var other = TestCertificates.Create("someone else");
        string otherFolder = Directory.CreateTempSubdirectory("poolhttp-ca-").FullName;
        try
        {
            using var trusting = Client(caFile: TestCertificates.WritePublicPem(_certificate, _root.Path + "-ca"));
            Assert.Contains(await trusting.ListAsync(new ListOptions(Url("/"))), f => f.Name == "a.txt");
            using var wrongCa = Client(caFile: TestCertificates.WritePublicPem(other, otherFolder));
            var e = await Assert.ThrowsAsync<PoolException>(() => wrongCa.ListAsync(new ListOptions(Url("/"))));
            Assert.Contains("not trusted", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(otherFolder, recursive: true);
            if (Directory.Exists(_root.Path + "-ca")) Directory.Delete(_root.Path + "-ca", recursive: true);
        }
    }

    [Fact]
    public void The_cli_client_verbs_take_a_user_a_password_file_and_a_CA_file()
    {
        _root.Write("dir/a.txt", "hello");
        string secrets = Directory.CreateTempSubdirectory("poolhttp-cli-").FullName;
        try
        {
            string ca = TestCertificates.WritePublicPem(_certificate, secrets);
            string passwordFile = Path.Combine(secrets, "pw");
            File.WriteAllText(passwordFile, AuthenticationTests.Password + "\n");
            var ok = Cli.Run("list", Url("/dir/").ToString(), "--json", "--user", AuthenticationTests.User, "--password-file", passwordFile, "--ca-certificate", ca);
            Assert.True(ok.Code == 0, ok.Err);
            Assert.Contains("a.txt", ok.Out, StringComparison.Ordinal);
            var untrusted = Cli.Run("list", Url("/dir/").ToString(), "--user", AuthenticationTests.User, "--password-file", passwordFile);
            Assert.NotEqual(0, untrusted.Code);
            Assert.Contains("--ca-certificate", untrusted.Err, StringComparison.Ordinal);
            var skipped = Cli.Run("download", Url("/dir/a.txt").ToString(), "-o", Path.Combine(secrets, "a.txt"), "--insecure-skip-certificate-check",
                "--user", AuthenticationTests.User, "--password-file", passwordFile);
            Assert.True(skipped.Code == 0, skipped.Err);
            Assert.Equal("hello", File.ReadAllText(Path.Combine(secrets, "a.txt")));
            var refused = Cli.Run("delete", Url("/dir/a.txt").ToString(), "--ca-certificate", ca);
            Assert.NotEqual(0, refused.Code);
            Assert.True(_root.Exists("dir/a.txt"));
            Assert.DoesNotContain(AuthenticationTests.Password, ok.Err + untrusted.Err + skipped.Err + refused.Err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(secrets, recursive: true);
        }
    }

    public void Dispose()
    {
        _server.Dispose();
        _root.Dispose();
        _certificate.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class ThreadModeHttpsTests() : HttpsTests(ServerMode.Thread);

public sealed class ProcessModeHttpsTests() : HttpsTests(ServerMode.Process);
