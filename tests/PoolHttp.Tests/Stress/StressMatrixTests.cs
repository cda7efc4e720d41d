using PoolHttp.Engine.Results;
using PoolHttp.Engine.Stress;

namespace PoolHttp.Tests.Stress;

public class StressMatrixTests
{
    [Fact]
    public void The_default_matrix_is_the_contracts_54_rows_numbered_in_order()
    {
        var rows = StressMatrix.Expand(new StressOptions());

        Assert.Equal(54, rows.Count);
        Assert.Equal(Enumerable.Range(1, 54), rows.Select(r => r.Number));
        Assert.Equal(54, rows.Select(r => (r.Operation, r.FileSizeBytes, r.ClientWorkers, r.ServerWorkers)).Distinct().Count());
        Assert.Equal(new long[] { 10 << 20, 50 << 20, 100 << 20 }, rows.Select(r => r.FileSizeBytes).Distinct());
    }

    [Fact]
    public void Server_workers_vary_slowest_so_each_server_runs_all_its_rows_at_once()
    {
        var rows = StressMatrix.Expand(new StressOptions());

        Assert.Equal(new int?[] { 1, 5, 50 }, rows.Select(r => r.ServerWorkers).Distinct());
        Assert.All(rows.Take(18), r => Assert.Equal(1, r.ServerWorkers));
        Assert.Equal(StressOperation.Upload, rows[0].Operation);
        Assert.Equal(StressOperation.Download, rows[9].Operation);
    }

    [Fact]
    public void Repetitions_make_rows_of_their_own()
    {
        var rows = StressMatrix.Expand(new StressOptions { Operations = new[] { StressOperation.Download }, FileSizes = new[] { 1L },
            ClientWorkers = new[] { 2 }, ServerWorkers = new[] { 1 }, Repetitions = 3 });

        Assert.Equal(new[] { 1, 2, 3 }, rows.Select(r => r.Repetition));
    }

    [Fact]
    public void An_existing_server_has_one_row_per_combination_and_no_server_worker_count()
    {
        var rows = StressMatrix.Expand(new StressOptions { BaseUri = new Uri("http://127.0.0.1:1/") });

        Assert.Equal(18, rows.Count);
        Assert.All(rows, r => Assert.Null(r.ServerWorkers));
    }

    [Theory]
    [InlineData("clients")]
    [InlineData("sizes")]
    [InlineData("operations")]
    [InlineData("repetitions")]
    [InlineData("uri")]
    public void Impossible_matrices_are_refused(string what)
    {
        var o = what switch
        {
            "clients" => new StressOptions { ClientWorkers = new[] { 0 } },
            "sizes" => new StressOptions { FileSizes = new[] { -1L } },
            "operations" => new StressOptions { Operations = Array.Empty<StressOperation>() },
            "repetitions" => new StressOptions { Repetitions = 0 },
            _ => new StressOptions { BaseUri = new Uri("ftp://x/") },
        };

        Assert.Throws<ArgumentException>(() => StressMatrix.Expand(o));
    }
}
