using System.Net;
using PoolHttp.Engine.Hosting;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Server.Security;
using PoolHttp.Engine.Stress;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Stress;

[Collection(nameof(StressCollection))]
public class StressAuthTests
{
    [Theory]
    [InlineData(StressClientMode.Thread)]
    [InlineData(StressClientMode.Process)]
    public async Task Against_a_server_that_requires_a_credential_clients_fail_without_it_and_succeed_with_it(StressClientMode clients)
    {
        using var root = new TempRoot();
        using var server = PoolServer.Start(new ServerOptions
        {
            Root = root.Path, Port = 0, Workers = 2,
            Authentication = BasicAuthenticator.FromCredential("anna", "s3cret pass", iterations: 1000),
        });
        using var temp = new TempRoot();
        var options = new StressOptions
        {
            BaseUri = server.BaseUri,
            FileSizes = new[] { 8 * 1024L },
            ClientWorkers = new[] { 2 },
            ClientMode = clients,
            IdleTimeout = TimeSpan.FromSeconds(20),
            TempFolder = temp.Path,
        };

        var refused = await StressKit.RunAllAsync(options);
        Assert.All(refused, r => Assert.Equal((0, 2), (r.ClientsSucceeded, r.ClientsFailed)));
        Assert.Contains(refused.SelectMany(r => r.GetFailures()), f => f.StatusCode == 401);

        var allowed = await StressKit.RunAllAsync(options with { Credential = new NetworkCredential("anna", "s3cret pass"), AllowUnencryptedAuthentication = true });
        Assert.All(allowed, r => Assert.Equal((2, 0), (r.ClientsSucceeded, r.ClientsFailed)));
        Assert.All(allowed, r => Assert.Equal(2, r.ServerWorkers)); // the stats were read with the credential
        Assert.Empty(root.AllFiles());
    }
}
