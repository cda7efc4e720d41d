using PoolHttp.Engine.Http;

namespace PoolHttp.Tests.Http;

public class EntityTagTests
{
    [Theory]
    [InlineData("*", "\"a\"", false, true)]
    [InlineData(" * ", "\"a\"", true, true)]
    [InlineData("\"a\"", "\"a\"", false, true)]
    [InlineData("\"a\"", "\"a\"", true, true)]
    [InlineData("\"b\", \"a\"", "\"a\"", false, true)]
    [InlineData("\"b\",\"a\" ,\"c\"", "\"a\"", false, true)]
    [InlineData("W/\"a\"", "\"a\"", true, true)]
    [InlineData("W/\"b\", W/\"a\"", "\"a\"", true, true)]
    [InlineData("W/\"a\"", "\"a\"", false, false)]
    [InlineData("w/\"a\"", "\"a\"", true, false)]
    [InlineData("\"b\"", "\"a\"", true, false)]
    [InlineData("\"A\"", "\"a\"", true, false)]
    [InlineData("a", "\"a\"", true, false)]
    [InlineData("", "\"a\"", true, false)]
    [InlineData("\"a\", *", "\"b\"", true, false)]
    // weak comparison ignores W/ on both sides; strong comparison never matches a weak tag (RFC 9110 8.8.3.2)
    [InlineData("\"a\"", "W/\"a\"", true, true)]
    [InlineData("W/\"a\"", "W/\"a\"", true, true)]
    [InlineData("W/\"a\"", "W/\"a\"", false, false)]
    [InlineData("\"a\"", "W/\"a\"", false, false)]
    public void Entity_tag_list_matches_by_the_rules_of_RFC_9110(string list, string etag, bool weak, bool expected)
    {
        Assert.Equal(expected, EntityTag.AnyMatches(list, etag, weak));
    }
}
