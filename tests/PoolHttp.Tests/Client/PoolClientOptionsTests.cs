using System.Net;
using PoolHttp.Engine.Client;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Client;

/// <summary>Client options from an idle timeout in seconds (the one <see cref="IdleTimeout"/> rule) and a credential.</summary>
public class PoolClientOptionsTests
{
    [Fact]
    public void Client_options_take_the_idle_timeout_in_seconds_and_zero_as_none()
    {
        Assert.Equal(TimeSpan.FromSeconds(2.5), PoolClientOptions.Create(2.5, null).IdleTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, PoolClientOptions.Create(IdleTimeout.NoneSeconds, null).IdleTimeout);
        Assert.Equal(PoolClientOptions.DefaultIdleTimeout,
            PoolClientOptions.Create(PoolClientOptions.DefaultIdleTimeout.TotalSeconds, null).IdleTimeout);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(IdleTimeout.MaxSeconds + 1)]
    public void Client_options_refuse_an_unusable_timeout(double seconds) =>
        Assert.Throws<ArgumentException>(() => PoolClientOptions.Create(seconds, null));

    [Fact]
    public void Client_options_make_a_client_with_the_largest_timeout_and_the_credential()
    {
        var credential = new NetworkCredential("user", "secret");
        var options = PoolClientOptions.Create(IdleTimeout.MaxSeconds, credential);

        using var client = new PoolHttpClient(options);

        Assert.Same(credential, client.Options.Credential);
        Assert.Null(PoolClientOptions.Create(1, null).Credential);
    }

    [Fact]
    public async Task A_client_with_no_timeout_still_transfers()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("f.txt", "content");
        using var client = new PoolHttpClient(PoolClientOptions.Create(IdleTimeout.NoneSeconds, null));

        var result = await client.DownloadAsync(new DownloadOptions(server.Uri("/f.txt"), local.Path));

        Assert.Equal(7, result.Length);
    }
}
