namespace PoolHttp.Tests.Hosted;

public sealed class HostedSessionTests
{
    [Fact]
    public void The_module_imports_into_a_hosted_runspace_with_its_cmdlets()
    {
        using var session = new HostedSession();
        using var run = session.Run("(Get-Command -Module PoolHttp).Name | Sort-Object");
        Assert.Empty(run.Errors);
        Assert.Contains("Start-PoolHttpServer", run.Output.Select(o => o.BaseObject as string));
    }
}
