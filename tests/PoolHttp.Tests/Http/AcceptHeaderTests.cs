using PoolHttp.Engine.Http;

namespace PoolHttp.Tests.Http;

public class AcceptHeaderTests
{
    [Theory]
    [InlineData(null, "application/json", 1.0)]
    [InlineData("", "application/json", 0.0)]
    [InlineData("application/json", "application/json", 1.0)]
    [InlineData("application/json;q=0", "application/json", 0.0)]
    [InlineData("Application/JSON; Q=0.5", "application/json", 0.5)]
    [InlineData("*/*;q=0.1, application/*;q=0.4", "application/json", 0.4)]
    [InlineData("application/json;q=0.2, */*", "application/json", 0.2)]
    [InlineData("*/*;q=0.3", "text/html", 0.3)]
    [InlineData("text/plain", "text/html", 0.0)]
    [InlineData("application/json;q=2, text/html", "application/json", 0.0)]
    [InlineData("application/json;q=abc", "application/json", 0.0)]
    [InlineData("application/json;q=0.1234", "application/json", 0.0)]
    [InlineData("text/html;level=1;q=0.7", "text/html", 0.7)]
    public void Quality_is_that_of_the_most_specific_matching_range(string? accept, string type, double expected)
    {
        Assert.Equal(expected, AcceptHeader.Quality(accept, type), 6);
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json, text/html", false)]
    [InlineData("application/json;q=0, text/html", false)]
    [InlineData("application/json;q=0.9, text/html;q=0.8", true)]
    [InlineData("image/png", false)]
    [InlineData(null, false)]
    public void Json_is_preferred_only_with_a_strictly_higher_quality(string? accept, bool expected)
    {
        Assert.Equal(expected, AcceptHeader.Prefers(accept, "application/json", over: "text/html"));
    }
}
