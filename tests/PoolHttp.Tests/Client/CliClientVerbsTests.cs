using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PoolHttp.Cli;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Client;

public class CliClientVerbsTests
{
    private static readonly DateTime Stamp = new(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    [Fact]
    public void Upload_of_several_files_exits_0_with_a_line_per_file()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        string a = local.Write("a.txt", "aaa"), b = local.Write("b ü.txt", "bb");

        var run = Run("upload", server.Uri("/up").AbsoluteUri, a, b);

        Assert.Equal((0, ""), (run.Code, run.Err));
        Assert.Equal(2, Lines(run.Out).Length);
        Assert.Equal("aaa", File.ReadAllText(server.Root.File("up/a.txt")));
        Assert.Equal("bb", File.ReadAllText(server.Root.File("up/b ü.txt")));
    }

    [Fact]
    public void Upload_of_one_file_to_a_file_url_names_the_remote_file()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        string a = local.Write("a.txt", "aaa");

        var run = Run("upload", server.Uri("/renamed.txt").AbsoluteUri, a);

        Assert.Equal(0, run.Code);
        Assert.Equal("aaa", File.ReadAllText(server.Root.File("renamed.txt")));
    }

    [Fact]
    public void Upload_with_a_missing_file_sends_the_others_and_exits_1_with_one_line_for_it()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        string a = local.Write("a.txt", "aaa"), missing = local.File("missing.txt");

        var run = Run("upload", server.Uri("/").AbsoluteUri, missing, a);

        Assert.Equal(1, run.Code);
        Assert.Equal($"poolhttp: {missing.Replace("\n", "\\n", StringComparison.Ordinal)}: The local file or folder does not exist.", Assert.Single(Lines(run.Err)));
        Assert.True(File.Exists(server.Root.File("a.txt")));
    }

    [Fact]
    public void Upload_of_two_files_of_one_name_sends_the_first_and_exits_1_with_a_line_naming_both()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        string a = local.Write("a/x.txt", "first"), b = local.Write("b/x.txt", "second");

        var run = Run("upload", server.Uri("/up/").AbsoluteUri, a, b);

        Assert.Equal(1, run.Code);
        Assert.Single(Lines(run.Out));
        string line = Assert.Single(Lines(run.Err));
        Assert.Contains(ClientCli.Printable(a), line, StringComparison.Ordinal);
        Assert.Contains(ClientCli.Printable(b), line, StringComparison.Ordinal);
        Assert.Contains(server.Uri("/up/x.txt").AbsoluteUri, line, StringComparison.Ordinal);
        Assert.Equal("first", File.ReadAllText(server.Root.File("up/x.txt")));
    }

    [Fact]
    public void Upload_recursive_mirrors_a_folder_and_without_it_a_folder_is_an_error()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        local.Write("dir/a.txt", "a");
        local.Write("dir/sub/b.txt", "b");
        local.Write("dir/.hidden", "h");

        var refused = Run("upload", server.Uri("/up/").AbsoluteUri, local.File("dir"));
        Assert.Equal(1, refused.Code);
        Assert.Single(Lines(refused.Err));
        Assert.Empty(server.Root.AllFiles());

        var run = Run("upload", "--recursive", server.Uri("/up/").AbsoluteUri, local.File("dir"));
        Assert.Equal((0, ""), (run.Code, run.Err));
        Assert.Equal(["up/dir/a.txt", "up/dir/sub/b.txt"], server.Root.AllFiles());
    }

    [Fact]
    public void Upload_with_no_overwrite_onto_an_existing_file_prints_the_servers_detail()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("a.txt", "old");
        string a = local.Write("a.txt", "new");

        var run = Run("upload", server.Uri("/").AbsoluteUri, a, "--no-overwrite");

        Assert.Equal(1, run.Code);
        Assert.Equal($"poolhttp: PUT {server.Uri("/a.txt").AbsoluteUri}: 412 Precondition Failed: The file exists and If-None-Match: * forbids replacing it.",
            Assert.Single(Lines(run.Err)));
        Assert.Equal("old", File.ReadAllText(server.Root.File("a.txt")));
    }

    [Fact]
    public void Upload_with_if_match_replaces_only_the_version_it_names()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("a.txt", "old");
        string a = local.Write("a.txt", "new");
        string etag = server.Send("GET /a.txt HTTP/1.1\r\nHost: t\r\n\r\n").Header("ETag")!;

        var stale = Run("upload", server.Uri("/a.txt").AbsoluteUri, a, "--if-match", "stale");
        Assert.Equal(1, stale.Code);
        Assert.StartsWith($"poolhttp: PUT {server.Uri("/a.txt").AbsoluteUri}: 412 Precondition Failed: The current version has the ETag {etag}",
            Assert.Single(Lines(stale.Err)), StringComparison.Ordinal);
        Assert.Equal("old", File.ReadAllText(server.Root.File("a.txt")));

        var current = Run("upload", server.Uri("/a.txt").AbsoluteUri, a, "--if-match", etag.Trim('"'));
        Assert.Equal((0, ""), (current.Code, current.Err));
        Assert.Equal("new", File.ReadAllText(server.Root.File("a.txt")));
        Assert.Empty(server.Root.TempFiles());
    }

    [Fact]
    public void Download_writes_the_file_and_exits_0()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        server.Root.Write("d/f.txt", "content");

        var run = Run("download", server.Uri("/d/f.txt").AbsoluteUri, "-o", local.File("copy.txt"));

        Assert.Equal((0, ""), (run.Code, run.Err));
        Assert.Equal("content", File.ReadAllText(local.File("copy.txt")));
    }

    [Fact]
    public void Download_of_a_missing_file_exits_1_with_the_404_detail_and_keeps_the_destination()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        string destination = local.Write("keep.txt", "keep");

        var run = Run("download", server.Uri("/nope.txt").AbsoluteUri, "--output", destination, "--resume");

        Assert.Equal(1, run.Code);
        Assert.Equal($"poolhttp: GET {server.Uri("/nope.txt").AbsoluteUri}: 404 Not Found: Not found.", Assert.Single(Lines(run.Err)));
        Assert.Equal("keep", File.ReadAllText(destination));
    }

    [Fact]
    public void Download_resume_continues_a_half_file_another_tool_left_at_the_destination_byte_for_byte()
    {
        using var server = new TestServer();
        using var local = new TempRoot();
        byte[] data = new byte[250_000];
        new Random(31).NextBytes(data);
        server.Root.Write("iso/half.bin", data);
        string destination = local.Write("half.bin", data[..90_000]);

        var run = Run("download", server.Uri("/iso/half.bin").AbsoluteUri, "-o", destination, "--resume");

        Assert.Equal((0, ""), (run.Code, run.Err));
        Assert.Contains("(resumed at 87.9 KiB)", Assert.Single(Lines(run.Out)), StringComparison.Ordinal);
        Assert.Equal(data, File.ReadAllBytes(destination));
        Assert.Equal(["half.bin"], Directory.EnumerateFileSystemEntries(local.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void List_csv_prints_the_columns_of_the_objects_quoted_as_RFC_4180_says()
    {
        using var server = new TestServer();
        server.Root.Write("f/a,b \"q\".txt", "12345");
        server.Root.Write("f/sub/x.txt", "x");
        File.SetLastWriteTimeUtc(server.Root.File("f/a,b \"q\".txt"), Stamp);
        File.SetLastWriteTimeUtc(server.Root.File("f/sub/x.txt"), Stamp);
        Directory.SetLastWriteTimeUtc(server.Root.File("f/sub"), Stamp);

        var run = Run("list", server.Uri("/f/").AbsoluteUri, "--csv", "--recurse");

        Assert.Equal(0, run.Code);
        string u = server.Uri("/").AbsoluteUri;
        Assert.Equal(new[]
        {
            "Name,Type,Size,Modified,Uri",
            $"\"a,b \"\"q\"\".txt\",File,5,2021-03-04T05:06:07Z,{u}f/a%2Cb%20%22q%22.txt",
            $"sub,Directory,0,2021-03-04T05:06:07Z,{u}f/sub/",
            $"x.txt,File,1,2021-03-04T05:06:07Z,{u}f/sub/x.txt",
        }, Lines(run.Out));
    }

    [Fact]
    public void List_json_prints_objects_with_the_same_properties()
    {
        using var server = new TestServer();
        server.Root.Write("ü.txt", "12");
        File.SetLastWriteTimeUtc(server.Root.File("ü.txt"), Stamp);

        var run = Run("list", server.Uri("/").AbsoluteUri, "--json");

        Assert.Equal(0, run.Code);
        using var doc = JsonDocument.Parse(run.Out);
        var entry = Assert.Single(doc.RootElement.EnumerateArray().ToList());
        Assert.Equal(new[] { "Name", "Type", "Size", "Modified", "Uri" }, entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("ü.txt", "File", 2L, "2021-03-04T05:06:07Z"),
            (entry.GetProperty("Name").GetString(), entry.GetProperty("Type").GetString(), entry.GetProperty("Size").GetInt64(), entry.GetProperty("Modified").GetString()));
        Assert.Equal(server.Uri("/ü.txt").AbsoluteUri, entry.GetProperty("Uri").GetString());
    }

    [Fact]
    public void List_with_both_json_and_csv_is_a_usage_error()
    {
        var run = Run("list", "http://127.0.0.1:1/", "--json", "--csv");

        Assert.Equal(Program.UsageError, run.Code);
        Assert.Single(Lines(run.Err));
    }

    [Fact]
    public void A_url_that_is_not_http_is_a_usage_error()
    {
        var run = Run("delete", "not a url");

        Assert.Equal((Program.UsageError, "poolhttp: 'not a url' is not an http:// or https:// URL."), (run.Code, run.Err.Trim()));
    }

    [Fact]
    public void Delete_of_a_non_empty_folder_needs_recursive()
    {
        using var server = new TestServer();
        server.Root.Write("dir/a.txt", "a");

        var refused = Run("delete", server.Uri("/dir/").AbsoluteUri);
        var deleted = Run("delete", server.Uri("/dir/").AbsoluteUri, "--recursive");

        Assert.Equal(1, refused.Code);
        Assert.Equal($"poolhttp: DELETE {server.Uri("/dir/").AbsoluteUri}: 409 Conflict: The folder is not empty; add ?recursive=true to delete it with its contents.",
            Assert.Single(Lines(refused.Err)));
        Assert.Equal((0, ""), (deleted.Code, deleted.Err));
        Assert.False(Directory.Exists(server.Root.File("dir")));
    }

    [Fact]
    public void Mkdir_creates_the_folder_and_exits_0_and_an_existing_one_is_one_line_and_exit_1()
    {
        using var server = new TestServer();

        var made = Run("mkdir", server.Uri("/new folder").AbsoluteUri);
        var again = Run("mkdir", server.Uri("/new folder/").AbsoluteUri);
        var orphan = Run("mkdir", server.Uri("/missing/child/").AbsoluteUri);

        Assert.Equal((0, ""), (made.Code, made.Err));
        Assert.Equal($"created {server.Uri("/new%20folder/")}", made.Out.Trim()); // printed as delete prints its URL
        Assert.True(Directory.Exists(server.Root.File("new folder")));
        Assert.Equal(1, again.Code);
        Assert.Contains("MKCOL", Assert.Single(Lines(again.Err)), StringComparison.Ordinal);
        Assert.Contains("405", again.Err, StringComparison.Ordinal);
        Assert.Equal(1, orphan.Code);
        Assert.Contains("409", Assert.Single(Lines(orphan.Err)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(server.Root.File("missing")));
    }

    [Fact]
    public void An_unreachable_server_is_one_line_and_exit_1_never_a_stack_trace()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var run = Run("list", $"http://127.0.0.1:{port}/", "--timeout", "5");

        Assert.Equal(1, run.Code);
        string line = Assert.Single(Lines(run.Err));
        Assert.StartsWith($"poolhttp: GET http://127.0.0.1:{port}/: Cannot connect to 127.0.0.1:{port}: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_timeout_is_a_usage_error()
    {
        var run = Run("list", "http://127.0.0.1:1/", "--timeout", "-1");

        Assert.Equal(Program.UsageError, run.Code);
    }

    /// <summary>Runs the client verbs as <c>poolhttp</c> does, with stdout and stderr captured.</summary>
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand { UploadCommand.Create(), DownloadCommand.Create(), ListCommand.Create(), DeleteCommand.Create(), MkdirCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
