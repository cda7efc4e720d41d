using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Stress;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Stress;

[Collection(nameof(StressCollection))]
public class StressRunnerTests
{
    [Fact]
    public async Task A_small_matrix_against_our_thread_servers_gives_every_row_with_counts_that_add_up()
    {
        using var temp = new TempRoot();
        var progress = new StressProgress();

        var rows = await StressKit.RunAllAsync(StressKit.Small(temp), progress);

        Assert.Equal(16, rows.Count);
        Assert.Equal(Enumerable.Range(1, 16), rows.Select(r => r.Number));
        StressKit.AssertClean(rows);
        Assert.All(rows, r => Assert.Equal((StressClientMode.Thread, ServerMode.Thread), (r.ClientMode, r.ServerMode!.Value)));
        Assert.Equal(new int?[] { 1, 2 }, rows.Select(r => r.ServerWorkers).Distinct());
        Assert.Equal((16, 16, "done"), (progress.RowCount, progress.RowsDone, progress.Phase));
        Assert.Equal(rows.Sum(r => (long)r.ClientWorkers * r.FileSizeBytes), progress.BytesDone);
        Assert.Empty(StressKit.Entries(temp.Path));
    }

    [Fact]
    public async Task Against_an_existing_server_workers_come_from_its_stats_and_nothing_is_left_on_it()
    {
        using var server = new TestServer(ServerMode.Thread, workers: 3);
        using var temp = new TempRoot();
        var options = StressKit.Small(temp) with { BaseUri = server.Uri("/") };

        var rows = await StressKit.RunAllAsync(options);

        Assert.Equal(8, rows.Count);
        StressKit.AssertClean(rows);
        Assert.All(rows, r => Assert.Equal((3, ServerMode.Thread), (r.ServerWorkers!.Value, r.ServerMode!.Value)));
        Assert.Empty(StressKit.Entries(server.Root.Path));
        Assert.Empty(StressKit.Entries(temp.Path));
    }

    [Fact]
    public async Task A_server_that_drops_every_connection_gives_failed_clients_and_a_finished_run()
    {
        using var dropping = new DroppingServer();
        using var temp = new TempRoot();
        var options = StressKit.Small(temp) with { BaseUri = dropping.Uri };

        var rows = await StressKit.RunAllAsync(options);

        Assert.Equal(8, rows.Count);
        foreach (var r in rows)
        {
            Assert.Equal((0, r.ClientWorkers), (r.ClientsSucceeded, r.ClientsFailed));
            Assert.Equal(r.ClientWorkers, r.GetFailures().Count);
            Assert.All(r.GetFailures(), f => Assert.Equal(PoolErrorKind.Unreachable, f.Kind));
            Assert.Equal((null, null, null, null), (r.ServerWorkers, r.ServerMode, r.ServerSucceeded, r.ServerFailed));
            Assert.Equal((0.0, 0.0), (r.ThroughputPerClient, r.AggregateThroughput));
        }
        Assert.Empty(StressKit.Entries(temp.Path));
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_its_clients_after_the_idle_timeout()
    {
        using var silent = new Client.ScriptedServer("", Array.Empty<byte>(), stallAfter: true, readRequest: false);
        using var temp = new TempRoot();
        var options = StressKit.Small(temp) with
        {
            BaseUri = silent.Uri("/"), Operations = new[] { StressOperation.Download }, FileSizes = new[] { 1024L },
            ClientWorkers = new[] { 2 }, IdleTimeout = TimeSpan.FromSeconds(1),
        };

        var row = Assert.Single(await StressKit.RunAllAsync(options));

        Assert.Equal(2, row.ClientsFailed);
        Assert.All(row.GetFailures(), f => Assert.Equal(PoolErrorKind.Timeout, f.Kind));
        Assert.InRange(row.SecondsMax, 0.9, 10);
    }

    [Fact]
    public async Task Process_clients_do_their_transfers_and_exit()
    {
        using var temp = new TempRoot();
        var options = StressKit.Small(temp) with { ClientMode = StressClientMode.Process, FileSizes = new[] { 64 * 1024L }, ServerWorkers = new[] { 2 } };

        var rows = await StressKit.RunAllAsync(options);

        Assert.Equal(4, rows.Count);
        StressKit.AssertClean(rows);
        Assert.All(rows, r => Assert.Equal(StressClientMode.Process, r.ClientMode));
        Assert.Empty(StressKit.LiveChildren(StressClientArguments.Verb));
        Assert.Empty(StressKit.Entries(temp.Path));
    }

    [Fact]
    public async Task A_client_process_that_dies_is_a_failed_client_and_the_row_finishes()
    {
        using var silent = new Client.ScriptedServer("", Array.Empty<byte>(), stallAfter: true, readRequest: false);
        using var temp = new TempRoot();
        var options = StressKit.Small(temp) with
        {
            BaseUri = silent.Uri("/"), Operations = new[] { StressOperation.Download }, FileSizes = new[] { 1024L },
            ClientWorkers = new[] { 3 }, ClientMode = StressClientMode.Process, IdleTimeout = TimeSpan.FromSeconds(3),
        };
        var progress = new StressProgress();
        var run = StressKit.RunAllAsync(options, progress);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<int> children = Array.Empty<int>();
        while ((progress.Phase != "running" || (children = StressKit.LiveChildren(StressClientArguments.Verb)).Count < 3) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        await Task.Delay(500); // released and waiting on the silent server
        System.Diagnostics.Process.GetProcessById(children[0]).Kill();

        var row = Assert.Single(await run);

        Assert.Equal((0, 3), (row.ClientsSucceeded, row.ClientsFailed));
        Assert.Single(row.GetFailures(), f => f.Detail.Contains("exited with code", StringComparison.Ordinal));
        Assert.Equal(2, row.GetFailures().Count(f => f.Kind == PoolErrorKind.Timeout));
        Assert.Empty(StressKit.LiveChildren(StressClientArguments.Verb));
    }

    [Fact]
    public async Task A_process_server_is_started_per_worker_count_and_stopped()
    {
        using var temp = new TempRoot();
        var options = StressKit.Small(temp) with { ServerMode = ServerMode.Process, FileSizes = new[] { 64 * 1024L } };

        var rows = await StressKit.RunAllAsync(options);

        Assert.Equal(8, rows.Count);
        StressKit.AssertClean(rows);
        Assert.All(rows, r => Assert.Equal(ServerMode.Process, r.ServerMode));
        Assert.Empty(StressKit.LiveChildren(temp.Path));
        Assert.Empty(StressKit.Entries(temp.Path));
    }

    [Fact]
    public async Task Cancelling_mid_run_stops_clients_and_servers_and_removes_every_file()
    {
        using var temp = new TempRoot();
        var options = StressKit.Small(temp) with
        {
            ClientMode = StressClientMode.Process, ServerMode = ServerMode.Process, Operations = new[] { StressOperation.Upload },
            FileSizes = new[] { 48L << 20 }, ClientWorkers = new[] { 3 }, ServerWorkers = new[] { 2 }, Repetitions = 3,
        };
        var progress = new StressProgress();
        using var cts = new CancellationTokenSource();
        var run = StressKit.RunAllAsync(options, progress, cts.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (progress.RowBytesDone == 0 && !run.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(5);
        bool sawChildren = StressKit.LiveChildren(StressClientArguments.Verb).Count > 0;

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(sawChildren, "the run was cancelled while its client processes ran");
        Assert.Empty(StressKit.LiveChildren(StressClientArguments.Verb));
        Assert.Empty(StressKit.LiveChildren(temp.Path));
        Assert.Empty(StressKit.Entries(temp.Path));
    }

    [Fact]
    public async Task Leaving_the_enumeration_early_cleans_up_as_well()
    {
        using var temp = new TempRoot();

        await foreach (var row in StressRunner.RunAsync(StressKit.Small(temp)))
        {
            Assert.Equal(1, row.Number);
            break;
        }

        Assert.Empty(StressKit.Entries(temp.Path));
    }
}
