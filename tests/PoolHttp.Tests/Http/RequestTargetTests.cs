using PoolHttp.Engine.Http;

namespace PoolHttp.Tests.Http;

public class RequestTargetTests
{
    [Theory]
    [InlineData("/", "/", "")]
    [InlineData("/a/b.txt", "/a/b.txt", "")]
    [InlineData("/a/b.txt?x=1&y=2", "/a/b.txt", "x=1&y=2")]
    [InlineData("/dir/?", "/dir/", "")]
    [InlineData("/a%20b.txt", "/a b.txt", "")]
    [InlineData("/%E2%82%AC/caf%C3%A9.txt", "/\u20ac/caf\u00e9.txt", "")]
    [InlineData("/%e2%82%ac", "/\u20ac", "")]
    [InlineData("/%F0%9F%98%80.png", "/\U0001F600.png", "")]
    [InlineData("/100%25.txt", "/100%.txt", "")]
    [InlineData("/%2e%2e/x", "/../x", "")]
    [InlineData("/a?p=%2F%00", "/a", "p=%2F%00")]
    [InlineData("*", "*", "")]
    [InlineData("http://example.com/a/b?q=1", "/a/b", "q=1")]
    [InlineData("https://user@example.com:8443/x%20y", "/x y", "")]
    [InlineData("http://example.com", "/", "")]
    [InlineData("http://example.com?q=1", "/", "q=1")]
    [InlineData("/./a:b.txt", "/a:b.txt", "")]
    [InlineData("/a/./b/../c", "/a/c", "")]
    [InlineData("/a/b/..", "/a/", "")]
    [InlineData("/a/.", "/a/", "")]
    [InlineData("/a/%2e%2E/b", "/b", "")]
    [InlineData("//a//b.txt", "/a/b.txt", "")]
    [InlineData("//", "/", "")]
    [InlineData("/a//", "/a/", "")]
    [InlineData("/a//../b", "/b", "")]
    [InlineData("/.hidden/..x/x..", "/.hidden/..x/x..", "")]
    [InlineData("/..", "/../", "")]
    [InlineData("/a/../../x", "/../x", "")]
    [InlineData("/../a/../../x/", "/../../x/", "")]
    [InlineData("http://example.com//a/./b?q", "/a/b", "q")]
    public void Target_splits_into_decoded_normalized_path_and_raw_query(string target, string path, string query)
    {
        Assert.Equal(new RequestTarget(path, query), RequestTarget.Parse(target));
    }

    [Theory]
    [InlineData("/a%2Fb")]
    [InlineData("/a%2fb")]
    [InlineData("/a%5Cb")]
    [InlineData("/a%5cb")]
    [InlineData("/a%00b")]
    [InlineData("/a%")]
    [InlineData("/a%4")]
    [InlineData("/a%G1")]
    [InlineData("/a%%41")]
    [InlineData("/a%C3")]
    [InlineData("/a%FF")]
    [InlineData("/a%C3%28")]
    [InlineData("/%C0%AE%C0%AE/x")]
    [InlineData("/%ED%A0%80")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("example.com/a")]
    public void Target_no_file_could_have_is_a_400(string target)
    {
        Assert.Equal(400, Assert.Throws<HttpError>(() => RequestTarget.Parse(target)).Status);
    }

    [Theory]
    [InlineData("format=json", "format", "json")]
    [InlineData("recursive", "recursive", "")]
    [InlineData("recursive=", "recursive", "")]
    [InlineData("a=1&b=2", "b", "2")]
    [InlineData("a=1&a=2", "a", "1")]
    [InlineData("q=a+b%20c", "q", "a b c")]
    [InlineData("name=%E2%82%AC", "name", "\u20ac")]
    [InlineData("p=%2F", "p", "/")]
    [InlineData("x=1", "format", null)]
    [InlineData("", "format", null)]
    [InlineData("formats=json", "format", null)]
    public void Query_value_is_the_first_decoded_occurrence(string query, string name, string? expected)
    {
        Assert.Equal(expected, new RequestTarget("/", query).QueryValue(name));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/a b/f\u00fc.txt", "/a%20b/f%C3%BC.txt")]
    [InlineData("/a:b.txt", "/a%3Ab.txt")]
    [InlineData("/100%/q?#.txt", "/100%25/q%3F%23.txt")]
    [InlineData("/dir/", "/dir/")]
    public void A_path_escapes_segment_by_segment_keeping_its_slashes(string path, string escaped)
    {
        Assert.Equal(escaped, RequestTarget.Escape(path));
    }
}
