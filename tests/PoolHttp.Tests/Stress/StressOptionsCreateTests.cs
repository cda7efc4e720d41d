using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Stress;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Stress;

/// <summary>What a user chose (Invoke-PoolStressTest's bound parameters, poolhttp stress's options) becomes the run's options.</summary>
[Collection(nameof(StressCollection))]
public class StressOptionsCreateTests
{
    [Fact]
    public void Nothing_bound_is_the_seed_matrix()
    {
        var options = StressOptions.Create();
        var seed = new StressOptions();

        Assert.Equal(seed.Operations, options.Operations);
        Assert.Equal(seed.FileSizes, options.FileSizes);
        Assert.Equal(seed.ClientWorkers, options.ClientWorkers);
        Assert.Equal(seed.ServerWorkers, options.ServerWorkers);
        Assert.Equal((seed.ClientMode, seed.ServerMode, seed.BaseUri), (options.ClientMode, options.ServerMode, options.BaseUri));
        Assert.Equal((seed.IdleTimeout, seed.Repetitions, seed.TempFolder), (options.IdleTimeout, options.Repetitions, options.TempFolder));
        Assert.Equal(54, StressMatrix.Expand(options).Count);
    }

    [Fact]
    public void Each_bound_parameter_replaces_only_its_own_default()
    {
        var options = StressOptions.Create(fileSizes: [1L << 20], clientWorkers: [1, 5], serverWorkers: [1, 5]);

        Assert.Equal([1L << 20], options.FileSizes);
        Assert.Equal([1, 5], options.ClientWorkers);
        Assert.Equal([1, 5], options.ServerWorkers);
        Assert.Equal(new StressOptions().Operations, options.Operations);
        Assert.Equal(2 * 1 * 2 * 2, StressMatrix.Expand(options).Count);
    }

    [Fact]
    public void Modes_timeout_and_repetitions_are_carried()
    {
        var options = StressOptions.Create(operations: [StressOperation.Download], clientMode: StressClientMode.Process,
            serverMode: ServerMode.Process, timeoutSeconds: 1.5, repetitions: 3);

        Assert.Equal([StressOperation.Download], options.Operations);
        Assert.Equal((StressClientMode.Process, ServerMode.Process), (options.ClientMode, options.ServerMode));
        Assert.Equal((TimeSpan.FromSeconds(1.5), 3), (options.IdleTimeout, options.Repetitions));
    }

    [Fact]
    public void A_value_named_twice_is_one_set_of_rows_in_the_order_first_given()
    {
        var options = StressOptions.Create(operations: [StressOperation.Download, StressOperation.Upload, StressOperation.Download],
            fileSizes: [2048L, 1024L, 2048L], clientWorkers: [5, 1, 5], serverWorkers: [2, 2]);

        Assert.Equal([StressOperation.Download, StressOperation.Upload], options.Operations);
        Assert.Equal([2048L, 1024L], options.FileSizes);
        Assert.Equal([5, 1], options.ClientWorkers);
        Assert.Equal([2], options.ServerWorkers);
    }

    [Fact]
    public void A_timeout_of_0_seconds_is_no_timeout_and_a_negative_one_is_refused()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, StressOptions.Create(timeoutSeconds: 0).IdleTimeout);
        Assert.Throws<ArgumentException>(() => StressOptions.Create(timeoutSeconds: -1));
        Assert.Throws<ArgumentException>(() => StressOptions.Create(timeoutSeconds: double.NaN));
    }

    [Fact]
    public void An_existing_server_gives_rows_without_a_server_worker_count()
    {
        var uri = new Uri("http://127.0.0.1:8885/");
        var options = StressOptions.Create(fileSizes: [1024L], clientWorkers: [1, 2], baseUri: uri);

        Assert.Equal(uri, options.BaseUri);
        var rows = StressMatrix.Expand(options);
        Assert.Equal(2 * 1 * 2, rows.Count);
        Assert.All(rows, r => Assert.Null(r.ServerWorkers));
    }

    [Theory]
    [InlineData("clients")]
    [InlineData("servers")]
    [InlineData("uri")]
    [InlineData("repetitions")]
    public async Task Impossible_values_are_refused_by_the_first_row_before_anything_starts(string what)
    {
        var options = what switch
        {
            "clients" => StressOptions.Create(clientWorkers: [0]),
            "servers" => StressOptions.Create(serverWorkers: [StressOptions.MaxServerWorkers + 1]),
            "uri" => StressOptions.Create(baseUri: new Uri("ftp://127.0.0.1/")),
            _ => StressOptions.Create(repetitions: 0),
        };

        await using var rows = StressRunner.RunAsync(options).GetAsyncEnumerator();
        await Assert.ThrowsAsync<ArgumentException>(() => rows.MoveNextAsync().AsTask());
    }

    [Fact]
    public async Task Uploads_to_a_read_only_server_give_one_forbidden_failure_per_client_and_the_row_still_comes()
    {
        // What the cmdlet turns into one RemoteAccessDenied error per client (the Pester test of a failed client).
        using var server = new TestServer(configure: o => o with { ReadOnly = true });
        using var temp = new TempRoot();
        var options = StressOptions.Create(operations: [StressOperation.Upload], fileSizes: [1024L], clientWorkers: [2],
            baseUri: server.Uri("/"), timeoutSeconds: 20) with { TempFolder = temp.Path };

        var row = Assert.Single(await StressKit.RunAllAsync(options));

        Assert.Equal((0, 2), (row.ClientsSucceeded, row.ClientsFailed));
        Assert.Equal(2, row.GetFailures().Count);
        Assert.All(row.GetFailures(), f => Assert.Equal(PoolErrorKind.Forbidden, f.Kind));
        Assert.All(row.GetFailures(), f => Assert.IsType<Uri>(f.Target));
        Assert.Empty(StressKit.Entries(server.Root.Path));
    }
}
