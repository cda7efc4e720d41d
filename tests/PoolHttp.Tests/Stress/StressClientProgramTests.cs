using System.Collections.Concurrent;
using System.Text.Json;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Stress;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Stress;

public class StressClientProgramTests
{
    /// <summary>A control pipe: lines the test sends, then end of input only when the test closes it.</summary>
    private sealed class Control : TextReader
    {
        private readonly BlockingCollection<string?> _lines = new();

        public void Send(string? line) => _lines.Add(line);

        public override string? ReadLine() => _lines.Take();
    }

    [Fact]
    public async Task A_released_download_prints_ready_progress_and_one_json_line_with_the_hash()
    {
        using var server = new TestServer();
        server.Root.Write("f.bin", new byte[] { 1, 2, 3 });
        var control = new Control();
        var report = new StringWriter();
        control.Send("go");
        var args = new StressClientArguments(StressOperation.Download, server.Uri("/f.bin"), null, TimeSpan.FromSeconds(10)).ToArgs();

        int code = await StressClientProgram.RunAsync(args, control, report);
        control.Send(null);

        var lines = report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(StressClientProgram.Succeeded, code);
        Assert.Equal("ready", lines[0]);
        using var json = JsonDocument.Parse(lines[^1]);
        Assert.True(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(3, json.RootElement.GetProperty("bytes").GetInt64());
        Assert.Equal("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", json.RootElement.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task A_failed_transfer_reports_its_kind_and_detail()
    {
        using var server = new TestServer();
        var control = new Control();
        var report = new StringWriter();
        control.Send("go");
        var args = new StressClientArguments(StressOperation.Download, server.Uri("/missing.bin"), null, TimeSpan.FromSeconds(10)).ToArgs();

        int code = await StressClientProgram.RunAsync(args, control, report);
        control.Send(null);

        Assert.Equal(StressClientProgram.Failed, code);
        using var json = JsonDocument.Parse(report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("NotFound", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(404, json.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_client_whose_runner_goes_away_before_go_does_nothing()
    {
        var control = new Control();
        control.Send(null);
        var args = new StressClientArguments(StressOperation.Download, new Uri("http://127.0.0.1:1/x"), null, TimeSpan.FromSeconds(1)).ToArgs();

        Assert.Equal(StressClientProgram.NotReleased, await StressClientProgram.RunAsync(args, control, new StringWriter()));
    }

    [Fact]
    public void Arguments_round_trip_and_bad_ones_are_refused()
    {
        var a = new StressClientArguments(StressOperation.Upload, new Uri("http://127.0.0.1:5/a%20b/c.bin"), "/tmp/x \n y", Timeout.InfiniteTimeSpan);

        Assert.Equal(a, StressClientArguments.Parse(a.ToArgs()));
        Assert.Throws<FormatException>(() => StressClientArguments.Parse(new[] { "stress-client", "--operation=upload" }));
        Assert.Throws<FormatException>(() => StressClientArguments.Parse(new[] { "worker" }));
    }
}
