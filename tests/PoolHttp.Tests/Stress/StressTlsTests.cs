using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Stress;
using PoolHttp.Tests.Security;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Stress;

[Collection(nameof(StressCollection))]
public class StressTlsTests
{
    private static StressOptions Tiny(TempRoot temp) => new()
    {
        FileSizes = new[] { 64 * 1024L },
        ClientWorkers = new[] { 2 },
        ServerWorkers = new[] { 1 },
        IdleTimeout = TimeSpan.FromSeconds(20),
        TempFolder = temp.Path,
    };

    [Theory]
    [InlineData(StressClientMode.Thread, ServerMode.Thread)]
    [InlineData(StressClientMode.Process, ServerMode.Process)]
    public async Task With_tls_our_own_servers_speak_https_and_every_client_trusts_the_run_certificate(StressClientMode clients, ServerMode servers)
    {
        using var temp = new TempRoot();
        var rows = await StressKit.RunAllAsync(Tiny(temp) with { Tls = true, ClientMode = clients, ServerMode = servers });

        Assert.Equal(2, rows.Count);
        StressKit.AssertClean(rows);
        Assert.All(rows, r => Assert.Equal((2, 0), (r.ClientsSucceeded, r.ClientsFailed)));
        Assert.Empty(StressKit.Entries(temp.Path)); // the certificate file went with the scratch folder
    }

    [Fact]
    public async Task Against_a_self_signed_https_server_clients_fail_unless_told_to_trust_it()
    {
        using var certificate = TestCertificates.Create();
        using var root = new TempRoot();
        using var server = PoolServer.Start(new ServerOptions { Root = root.Path, Port = 0, Workers = 2, Certificate = certificate });
        using var temp = new TempRoot();
        var options = Tiny(temp) with { BaseUri = server.BaseUri, Operations = new[] { StressOperation.Upload } };
        Assert.Equal("https", server.BaseUri.Scheme);

        var untrusted = await StressKit.RunAllAsync(options);
        Assert.Equal(2, Assert.Single(untrusted).ClientsFailed);

        var skipped = await StressKit.RunAllAsync(options with { SkipCertificateCheck = true });
        Assert.Equal((2, 0), (Assert.Single(skipped).ClientsSucceeded, skipped[0].ClientsFailed));

        string ca = TestCertificates.WritePublicPem(certificate, Path.Combine(temp.Path, "ca"));
        var trusted = await StressKit.RunAllAsync(options with { CaCertificatePath = ca, ClientMode = StressClientMode.Process });
        Assert.Equal((2, 0), (Assert.Single(trusted).ClientsSucceeded, trusted[0].ClientsFailed));
        Assert.Equal(2, trusted[0].ServerWorkers); // the server's stats were read over HTTPS with the same trust
        Assert.Empty(root.AllFiles());
    }

    [Fact]
    public void Tls_is_refused_together_with_an_existing_server()
    {
        var options = new StressOptions { Tls = true, BaseUri = new Uri("https://127.0.0.1:1/") };
        Assert.Throws<ArgumentException>(options.Validate);
    }
}
