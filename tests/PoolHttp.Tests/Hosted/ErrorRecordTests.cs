using System.Management.Automation;
using System.Net;
using PoolHttp.Engine.Results;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Hosted;

/// <summary>The exact ErrorRecords users see: ID, category, target, the displayed message and the exception.</summary>
public sealed class ErrorRecordTests : IDisposable
{
    private readonly HostedSession _session = new();
    private readonly TempRoot _local = new();

    [Fact]
    public void A_404_download_is_RemoteFileNotFound_about_the_uri_and_its_message_names_request_status_and_detail()
    {
        using var server = new TestServer();
        var uri = server.Uri("/up/x.bin");

        using var run = _session.Run("Get-PoolFile -Uri $uri -OutFile $out", new Dictionary<string, object?> { ["uri"] = uri, ["out"] = _local.Path });

        var error = Assert.Single(run.Errors);
        Assert.Equal("RemoteFileNotFound,PoolHttp.Cmdlets.GetPoolFileCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(uri, error.TargetObject);
        Assert.Equal($"GET {uri.AbsoluteUri}: 404 Not Found: Not found.", error.ErrorDetails.Message);
        Assert.Equal(typeof(PoolException).FullName, error.Exception.GetType().FullName);
        Assert.Equal(error.ErrorDetails.Message, error.Exception.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_local.Path));
    }

    [Fact]
    public void A_missing_root_ends_Start_PoolHttpServer_with_PathNotFound_about_the_path()
    {
        string missing = _local.File("no such folder");

        using var run = _session.Run("try { Start-PoolHttpServer -Root $root -Port 0 } catch { $_ }", new Dictionary<string, object?> { ["root"] = missing });

        var error = Assert.IsType<ErrorRecord>(Assert.Single(run.Output).BaseObject);
        Assert.Equal("PathNotFound,PoolHttp.Cmdlets.StartPoolHttpServerCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(missing, error.TargetObject);
        Assert.Equal($"{missing}: The root folder does not exist.", error.ErrorDetails.Message);
        Assert.DoesNotContain("(Parameter", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_credential_for_http_without_the_switch_is_UnencryptedAuthentication_an_InvalidArgument()
    {
        var uri = new Uri("http://127.0.0.1:1/a.bin");
        var credential = new PSCredential("anna", new NetworkCredential("", "s3cret").SecurePassword);

        using var run = _session.Run("Get-PoolFile -Uri $uri -OutFile $out -Credential $credential",
            new Dictionary<string, object?> { ["uri"] = uri, ["out"] = _local.Path, ["credential"] = credential });

        var error = Assert.Single(run.Errors);
        Assert.Equal("UnencryptedAuthentication,PoolHttp.Cmdlets.GetPoolFileCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(uri, error.TargetObject);
        Assert.StartsWith($"GET {uri.AbsoluteUri}: Refusing to send the credential unencrypted over http://", error.ErrorDetails.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _session.Dispose();
        _local.Dispose();
    }
}
