using PoolHttp.Engine.Files;
using PoolHttp.Engine.Server.Handlers;

namespace PoolHttp.Tests.Server;

public sealed class RefusalsTests
{
    [Theory]
    [InlineData(PathRefusalReason.Malformed, 400)]
    [InlineData(PathRefusalReason.OutsideRoot, 403)]
    [InlineData(PathRefusalReason.LinkOutsideRoot, 403)]
    public void Path_refusal_answers_with_the_contract_status(PathRefusalReason reason, int status)
    {
        var e = Refusals.ForPath(new PathRefusal(reason, "why"));
        Assert.Equal(status, e.Status);
        Assert.Equal("why", e.Message);
    }
}
