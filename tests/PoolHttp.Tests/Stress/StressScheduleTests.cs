using PoolHttp.Engine.Results;
using PoolHttp.Engine.Stress;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Stress;

/// <summary>Runs with a start time: rows on a wall-clock schedule, one record per client, and a clear refusal of a time gone by.</summary>
[Collection(nameof(StressCollection))]
public class StressScheduleTests
{
    [Fact]
    public void Rows_start_one_interval_apart_and_their_checks_half_an_interval_after_their_start()
    {
        var start = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var schedule = new StressSchedule(start, TimeSpan.FromSeconds(30));

        Assert.Equal(start, schedule.RowStart(1));
        Assert.Equal(start.AddSeconds(60), schedule.RowStart(3));
        Assert.Equal(start.AddSeconds(75), schedule.ChecksStart(3));
    }

    [Fact]
    public void A_start_time_that_has_passed_is_refused_before_anything_runs()
    {
        using var temp = new TempRoot();
        var options = StressKit.Small(temp) with { StartAt = DateTimeOffset.UtcNow.AddSeconds(-3) };

        var e = Assert.Throws<ArgumentException>(() => StressMatrix.Expand(options));

        Assert.Contains("has passed", e.Message, StringComparison.Ordinal);
        Assert.Empty(StressKit.Entries(temp.Path));
    }

    [Fact]
    public async Task With_a_start_time_every_client_of_every_row_starts_on_schedule_and_is_reported_one_by_one()
    {
        using var temp = new TempRoot();
        var start = DateTimeOffset.UtcNow.AddSeconds(6);
        var options = StressKit.Small(temp) with
        {
            FileSizes = [1024L], ClientWorkers = [3], ServerWorkers = [2],
            StartAt = start, RowInterval = TimeSpan.FromSeconds(2),
        };

        var rows = await StressKit.RunAllAsync(options);

        Assert.Equal(2, rows.Count);
        var schedule = new StressSchedule(start, options.RowInterval);
        foreach (var row in rows)
        {
            var clients = row.GetClients();
            Assert.Equal([1, 2, 3], clients.Select(c => c.Client));
            Assert.All(clients, c =>
            {
                Assert.Equal((row.Number, row.Operation, 1024L, 3, Environment.MachineName), (c.Number, c.Operation, c.FileSizeBytes, c.ClientWorkers, c.HostName));
                Assert.True(c.Succeeded, c.Error);
                Assert.Equal((1024L, ""), (c.Bytes, c.Error));
                Assert.Equal(DateTimeKind.Utc, c.StartUtc.Kind);
                // Released at the row's start (timestamps are converted from the run's monotonic clock: allow a few ms).
                Assert.True(c.StartUtc >= schedule.RowStart(row.Number).UtcDateTime.AddMilliseconds(-20), $"row {row.Number} client {c.Client} started at {c.StartUtc:O}");
                // Start is End minus Seconds in whole ticks (100 ns): equal within a tick, not to six rounded decimals.
                Assert.Equal(c.Seconds, (c.EndUtc - c.StartUtc).TotalSeconds, tolerance: 2e-7);
            });
            // With a start time the run reads no statistics during its rows: the fleet's reader counts them.
            Assert.Equal((3, 0, (long?)null), (row.ClientsSucceeded, row.ClientsFailed, row.ServerSucceeded));
        }
        Assert.Empty(StressKit.Entries(temp.Path));
    }
}
