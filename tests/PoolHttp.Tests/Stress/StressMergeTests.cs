using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;
using PoolHttp.Engine.Stress;

namespace PoolHttp.Tests.Stress;

/// <summary>
/// Rows merged from the per-client results of several hosts. Each host starts a row when its own clock says so, so
/// a host whose clock is ahead starts early: its timestamps all read the row's start time, and only its measured
/// offset from the reference clock shows when it really ran.
/// </summary>
public class StressMergeTests
{
    private static readonly DateTime RowStart = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    // Host b's clock is 2 s ahead of the reference, c's 1.5 s behind: b really ran 2 s early, c 1.5 s late.
    private static readonly Dictionary<string, TimeSpan> Skewed = new()
    {
        ["a"] = TimeSpan.Zero,
        ["b"] = TimeSpan.FromSeconds(2),
        ["c"] = TimeSpan.FromSeconds(-1.5),
    };

    private static PoolStressClientResult Client(string host, int client, double seconds, long bytes, int number = 1,
        StressOperation operation = StressOperation.Download, string error = "") => new()
        {
            Number = number, Operation = operation, FileSizeBytes = 100, ClientWorkers = 2, Client = client, HostName = host,
            StartUtc = RowStart, EndUtc = RowStart.AddSeconds(seconds), Seconds = seconds, Bytes = bytes,
            Succeeded = error.Length == 0, Error = error,
        };

    private static PoolStressClientResult[] ThreeHosts() =>
    [
        Client("a", 1, 4, 100), Client("a", 2, 5, 100),
        Client("b", 1, 4, 100), Client("b", 2, 4, 100),
        Client("c", 1, 1, 0, error: "GET http://server/f.bin: connection reset"),
    ];

    [Fact]
    public void Three_hosts_with_skewed_clocks_merge_into_one_row_spanning_the_real_first_start_to_the_real_last_end()
    {
        var merged = StressMerge.Merge(ThreeHosts(), new StressMergeOptions
        {
            ClockOffsets = Skewed,
            ServerWorkers = 8,
            ServerMode = ServerMode.Process,
            ServerCounts = [new StressRowCounts(1, 4, 1)],
        });

        var row = Assert.Single(merged.Rows);
        Assert.Equal((1, StressOperation.Download, 100L), (row.Number, row.Operation, row.FileSizeBytes));
        Assert.Equal((5, 4, 1), (row.ClientWorkers, row.ClientsSucceeded, row.ClientsFailed));
        Assert.Equal((8, ServerMode.Process, StressClientMode.Thread), (row.ServerWorkers!.Value, row.ServerMode!.Value, row.ClientMode));
        Assert.Equal((4L, 1L), (row.ServerSucceeded!.Value, row.ServerFailed!.Value));
        // Each client's own time is free of clock skew: 4, 5, 4, 4 and 1 s.
        Assert.Equal(3.6, row.SecondsPerClient, 9);
        Assert.Equal((100.0 / 4 + 100.0 / 5 + 100.0 / 4 + 100.0 / 4 + 0) / 5, row.ThroughputPerClient, 9);
        Assert.Equal((4.0, 5.0, 5.0), (row.SecondsP50, row.SecondsP95, row.SecondsMax));
        // b started first (really at -2 s), a ended last (at +5 s; b ended at +2 s, c at +2.5 s): 7 s for 400 good bytes.
        Assert.Equal(7.0, row.WallSeconds, 9);
        Assert.Equal(400.0 / 7, row.AggregateThroughput, 9);
    }

    [Fact]
    public void Clocks_further_apart_than_the_schedule_margin_and_hosts_that_did_not_start_together_are_reported()
    {
        var merged = StressMerge.Merge(ThreeHosts(), new StressMergeOptions { ClockOffsets = Skewed });

        Assert.Equal(2, merged.Notes.Count);
        Assert.Contains("clocks are 3.500 s apart", merged.Notes[0], StringComparison.Ordinal);
        Assert.Contains("c -1.500 s", merged.Notes[0], StringComparison.Ordinal);
        Assert.Contains("b +2.000 s", merged.Notes[0], StringComparison.Ordinal);
        Assert.StartsWith("Row 1: the hosts' clients started up to 3.500 s apart (b first, c last)", merged.Notes[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_offsets_each_hosts_clock_is_taken_as_the_reference()
    {
        var merged = StressMerge.Merge(ThreeHosts(), new StressMergeOptions());

        var row = Assert.Single(merged.Rows);
        Assert.Equal(5.0, row.WallSeconds, 9);
        Assert.Equal(400.0 / 5, row.AggregateThroughput, 9);
        Assert.Null(row.ServerSucceeded);
        Assert.Null(row.ServerWorkers);
        Assert.Empty(merged.Notes);
    }

    [Fact]
    public void Clocks_within_the_margin_and_starts_within_the_floor_are_no_news()
    {
        var close = new Dictionary<string, TimeSpan> { ["a"] = TimeSpan.Zero, ["b"] = TimeSpan.FromMilliseconds(40), ["c"] = TimeSpan.FromMilliseconds(-30) };

        var merged = StressMerge.Merge(ThreeHosts(), new StressMergeOptions { ClockOffsets = close });

        Assert.Empty(merged.Notes);
        Assert.Equal(5.04, merged.Rows[0].WallSeconds, 9);   // from b's real start (40 ms early) to a's end
    }

    [Fact]
    public void Rows_come_out_in_number_order_each_with_its_own_clients_and_counts()
    {
        PoolStressClientResult[] clients =
        [
            Client("b", 1, 2, 100, number: 2), Client("a", 1, 1, 100, number: 1, operation: StressOperation.Upload),
            Client("a", 1, 3, 100, number: 2), Client("b", 1, 1, 100, number: 1, operation: StressOperation.Upload),
        ];

        var merged = StressMerge.Merge(clients, new StressMergeOptions { ServerCounts = [new StressRowCounts(2, 2, 0)] });

        Assert.Equal([1, 2], merged.Rows.Select(r => r.Number));
        Assert.Equal([StressOperation.Upload, StressOperation.Download], merged.Rows.Select(r => r.Operation));
        Assert.Equal([2, 2], merged.Rows.Select(r => r.ClientWorkers));
        Assert.Equal([null, 2L], merged.Rows.Select(r => r.ServerSucceeded));
    }

    [Fact]
    public void Hosts_that_ran_different_matrices_cannot_be_merged()
    {
        PoolStressClientResult[] clients = [Client("a", 1, 1, 100), Client("b", 1, 1, 100, operation: StressOperation.Upload)];

        var e = Assert.Throws<ArgumentException>(() => StressMerge.Merge(clients, new StressMergeOptions()));

        Assert.Contains("Row 1", e.Message, StringComparison.Ordinal);
    }
}
