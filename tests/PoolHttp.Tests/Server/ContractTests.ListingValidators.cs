using System.Text.Json;

namespace PoolHttp.Tests.Server;

public abstract partial class ContractTests
{
    [Theory]
    [InlineData("/v/", "Accept: text/html")]
    [InlineData("/v/?format=json", "Accept: text/html")]
    [InlineData("/v/", "Accept: application/json")]
    public void A_listing_has_an_etag_and_answers_a_revalidation_with_304(string target, string accept)
    {
        using var s = StartServer();
        s.Root.Write("v/a.txt", "a");
        var first = s.Send(Req("GET", target, null, accept));
        Assert.Equal(200, first.Status);
        string etag = Assert.Single(first.All("ETag"));
        Assert.Matches("^(W/)?\"[^\"]+\"$", etag);

        var again = s.Send(Req("GET", target, null, accept, "If-None-Match: " + etag));
        Assert.Equal(304, again.Status);
        Assert.Empty(again.Body);
        Assert.Equal(etag, again.Header("ETag"));
        Assert.Equal(etag, SendHead(s, target, accept).Header("ETag"));
    }

    [Fact]
    public void A_listing_etag_changes_when_a_file_is_added()
    {
        using var s = StartServer();
        s.Root.Write("v/a.txt", "a");
        string etag = s.Send(Req("GET", "/v/")).Header("ETag")!;
        s.Root.Write("v/b.txt", "b");
        var r = s.Send(Req("GET", "/v/", null, "If-None-Match: " + etag));
        Assert.Equal(200, r.Status);
        Assert.Contains("b.txt", r.Text, StringComparison.Ordinal);
        Assert.NotEqual(etag, r.Header("ETag"));
    }

    [Fact]
    public void Html_and_json_listings_of_one_folder_have_different_etags()
    {
        using var s = StartServer();
        s.Root.Write("v/a.txt", "a");
        string html = s.Send(Req("GET", "/v/", null, "Accept: text/html")).Header("ETag")!;
        string json = s.Send(Req("GET", "/v/", null, "Accept: application/json")).Header("ETag")!;
        Assert.NotEqual(html, json);
        Assert.Equal(200, s.Send(Req("GET", "/v/", null, "Accept: application/json", "If-None-Match: " + html)).Status);
    }

    [Fact]
    public void A_listing_with_a_stale_if_match_is_412()
    {
        using var s = StartServer();
        s.Root.Write("v/a.txt", "a");
        AssertProblem(s.Send(Req("GET", "/v/", null, "If-Match: \"stale\"")), 412);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("Accept: application/json;q=0, text/html", false)]
    [InlineData("Accept: application/json;q=0.9, text/html;q=0.8", true)]
    [InlineData("Accept: text/html, application/json", false)]
    [InlineData("Accept: application/json, text/html", false)]
    [InlineData("Accept: */*", false)]
    [InlineData("Accept: application/json, */*;q=0.1", true)]
    [InlineData("Accept: text/html;q=0.5, application/*", true)]
    [InlineData("Accept: text/*;q=0.2, application/json;Q=0.3", true)]
    [InlineData("Accept: text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8", false)]
    public void A_listing_is_json_only_when_accept_prefers_json_to_html(string? accept, bool json)
    {
        using var s = StartServer();
        s.Root.Write("n/a.txt", "a");
        var r = accept is null ? s.Send(Req("GET", "/n/")) : s.Send(Req("GET", "/n/", null, accept));
        Assert.Equal(200, r.Status);
        Assert.StartsWith(json ? "application/json" : "text/html", r.Header("Content-Type"), StringComparison.Ordinal);
        if (json) Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(r.Body).RootElement.ValueKind);
    }

    [Fact]
    public void Format_json_forces_json_even_when_accept_refuses_it()
    {
        using var s = StartServer();
        var r = s.Send(Req("GET", "/?format=json", null, "Accept: application/json;q=0, text/html"));
        Assert.StartsWith("application/json", r.Header("Content-Type"), StringComparison.Ordinal);
    }
}
