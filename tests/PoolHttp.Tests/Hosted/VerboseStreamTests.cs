using System.Text.RegularExpressions;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Hosted;

/// <summary>-Verbose says what each cmdlet does: every request with method, URL, status, bytes and time, and the servers' and stress rows' story.</summary>
public sealed class VerboseStreamTests : IDisposable
{
    private const string Time = @" in \d+\.\d\d s$";

    private readonly HostedSession _session = new();
    private readonly TempRoot _local = new();

    [Fact]
    public void Client_cmdlets_write_one_line_per_request_with_method_url_status_bytes_and_time()
    {
        using var server = new TestServer();
        string u = server.Uri("/").AbsoluteUri;
        _local.Write("a.bin", "hello");

        using var run = _session.Run("""
            Send-PoolFile -LiteralPath (Join-Path $local 'a.bin') -Uri ([Uri]::new($base, 'up/')) -Verbose
            Get-PoolFile -Uri ([Uri]::new($base, 'up/a.bin')) -OutFile (Join-Path $local 'copy.bin') -Verbose
            Get-PoolFileList -Uri $base -Recurse -Verbose
            Remove-PoolFile -Uri ([Uri]::new($base, 'up/a.bin')) -Confirm:$false -Verbose
            Get-PoolFile -Uri ([Uri]::new($base, 'up/a.bin')) -OutFile (Join-Path $local 'gone.bin') -Verbose
            """, new Dictionary<string, object?> { ["local"] = _local.Path, ["base"] = server.Uri("/") });

        var lines = Own(run.Verbose);
        Assert.True(lines.Count == 6, string.Join("\n", lines));
        Assert.Matches("^" + Regex.Escape($"PUT {u}up/a.bin: 201 Created, 5 B") + Time, lines[0]);
        Assert.Matches("^" + Regex.Escape($"GET {u}up/a.bin: 200 OK, 5 B") + Time, lines[1]);
        Assert.Matches("^" + Regex.Escape($"GET {u}: 200 OK, ") + @"\d+ B" + Time, lines[2]);
        Assert.Matches("^" + Regex.Escape($"GET {u}up/: 200 OK, ") + @"\d+ B" + Time, lines[3]);
        Assert.Matches("^" + Regex.Escape($"DELETE {u}up/a.bin: 204 No Content, 0 B") + Time, lines[4]);
        Assert.Matches("^" + Regex.Escape($"GET {u}up/a.bin: 404 Not Found, ") + @"\d+ B" + Time, lines[5]);
        Assert.Single(run.Errors);
    }

    [Fact]
    public void Server_cmdlets_say_how_a_server_runs_and_what_it_did()
    {
        using var run = _session.Run("""
            $server = Start-PoolHttpServer -Root $local -Port 0 -Workers 2 -Verbose
            $null = Invoke-WebRequest -Uri ([Uri]::new($server.Uri, '/.poolhttp/health')) -UseBasicParsing
            $null = Get-PoolHttpServer -Port $server.Port -Verbose
            $server | Stop-PoolHttpServer -Confirm:$false -Verbose
            $server.Uri
            """, new Dictionary<string, object?> { ["local"] = _local.Path });

        var uri = Assert.IsType<Uri>(Assert.Single(run.Output).BaseObject);
        var lines = Own(run.Verbose);
        Assert.True(lines.Count == 3, string.Join("\n", lines));
        Assert.Equal($"Started: Thread mode, 2 workers, serving '{_local.Path}' at {uri}.", lines[0]);
        Assert.Matches("^" + Regex.Escape($"Running: Thread mode, 2 workers, serving '{_local.Path}' at {uri}; ") + @"\d+ requests? \(", lines[1]);
        Assert.Matches("^" + Regex.Escape($"Stopped {uri} after 1 request (1 succeeded, 0 failed, 0 active), ") + @"\d+ bytes received, \d+ bytes sent\.$", lines[2]);
    }

    [Fact]
    public void A_stress_run_says_each_row_as_it_starts_before_the_rows_object()
    {
        using var ps = _session.Create();
        ps.AddScript("""
            Invoke-PoolStressTest -Operation Download -FileSize 1KB -ClientWorkers 1 -ServerWorkers 1, 2 -Verbose | ForEach-Object { Write-Verbose "row $($_.Number) written" -Verbose }
            """);

        ps.Invoke();

        Assert.Empty(ps.Streams.Error);
        Assert.Equal(new[]
        {
            "Row 1 of 2: Download 1.0 KiB x 1 client, 1 server worker", "row 1 written",
            "Row 2 of 2: Download 1.0 KiB x 1 client, 2 server workers", "row 2 written",
        }, ps.Streams.Verbose.Select(v => v.Message));
    }

    // ShouldProcess adds its own line ("Performing the operation ...") for the cmdlets that change something.
    private static List<string> Own(IEnumerable<System.Management.Automation.VerboseRecord> records) =>
        records.Select(v => v.Message).Where(m => !m.StartsWith("Performing the operation", StringComparison.Ordinal)).ToList();

    public void Dispose()
    {
        _session.Dispose();
        _local.Dispose();
    }
}
