using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Hosted;

/// <summary>What -WhatIf says a cmdlet would do: PowerShell wording, which the cmdlets own.</summary>
public sealed class WhatIfTextTests
{
    // Nothing listens here: -WhatIf sends no request.
    private const string Folder = "http://127.0.0.1:1/up/";

    [Fact]
    public void Delete_action_says_whether_contents_go_too()
    {
        var host = new RecordingHost();
        using var session = new HostedSession(host);
        using var run = session.Run($"Remove-PoolFile -Uri '{Folder}' -WhatIf; Remove-PoolFile -Uri '{Folder}' -Recurse -WhatIf");

        Assert.Empty(run.Errors);
        var said = host.Lines.Where(l => l.Contains(Folder, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, said.Count);
        Assert.Contains("empty folder", said[0], StringComparison.Ordinal);
        Assert.Contains("everything in it", said[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Upload_action_names_the_local_file_and_a_form()
    {
        using var local = new TempRoot();
        string file = local.Write("a.bin", "a");
        var host = new RecordingHost();
        using var session = new HostedSession(host);
        using var run = session.Run($"Send-PoolFile -LiteralPath $file -Uri '{Folder}' -WhatIf; Send-PoolFile -LiteralPath $file -Uri '{Folder}' -Multipart -WhatIf",
            new Dictionary<string, object?> { ["file"] = file });

        Assert.Empty(run.Errors);
        var said = host.Lines.Where(l => l.Contains(Folder, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, said.Count);
        Assert.Contains(file, said[0], StringComparison.Ordinal);
        Assert.DoesNotContain("as a form", said[0], StringComparison.Ordinal);
        Assert.Contains("as a form", said[1], StringComparison.Ordinal);
    }
}
