using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Server;

public class SmokeTests
{
    [Fact]
    public void Get_of_a_file_returns_its_bytes()
    {
        using var server = new TestServer();
        server.Root.Write("a.txt", "hello");
        var r = server.Send("GET /a.txt HTTP/1.1\r\nHost: t\r\n\r\n");
        Assert.Equal(200, r.Status);
        Assert.Equal("hello", r.Text);
        Assert.Equal("5", r.Header("Content-Length"));
    }
}
