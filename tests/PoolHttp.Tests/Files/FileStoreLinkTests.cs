using PoolHttp.Engine.Files;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Files;

/// <summary>Symbolic links under the root: those that stay inside are followed, those that lead out are refused.</summary>
public sealed class FileStoreLinkTests : IDisposable
{
    private readonly TempRoot _root = new();
    private readonly TempRoot _outside = new();
    private readonly FileStore _store;

    public FileStoreLinkTests()
    {
        _root.Write("data/in.txt", "inside");
        _root.Write("visible.txt", "v");
        _root.Write(".dot", "hidden");
        _outside.Write("secret.txt", "secret");
        _outside.Write("deep/er/x.txt", "x");
        _outside.Write("deep/y.txt", "y");
        Link("out-file", _outside.File("secret.txt"));
        Link("out-dir", _outside.Path);
        Link("out-dangling", _outside.File("missing.txt"));
        Link("out-relative", Path.Join("..", Path.GetFileName(_outside.Path), "secret.txt"));
        Link("out-parent", "..");
        Link("out-sibling", _root.Path + "-sibling");
        Link("data/out-nested", _outside.Path);
        Link("chain-1", Path.Join(_root.Path, "chain-2"));
        Link("chain-2", _outside.File("secret.txt"));
        // The kernel resolves "via/.." after following via, to outside/deep; read lexically it is the root itself.
        Link("via", _outside.File("deep/er"));
        Link("dotdot-escape", "via/../y.txt");
        Link("dotdot-escape-dir", "via/..");
        Link("loop-a", "loop-b");
        Link("loop-b", "loop-a");
        Link("in-file", _root.File("data/in.txt"));
        Link("in-dir", "data");
        Link("in-dangling", _root.File("data/not-yet.txt"));
        Link("in-self", _root.Path);
        Directory.CreateDirectory(_root.Path + "-sibling");
        File.WriteAllText(Path.Join(_root.Path + "-sibling", "s.txt"), "sibling");
        _store = new FileStore(_root.Path);
    }

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
        try { Directory.Delete(_root.Path + "-sibling", recursive: true); }
        catch (IOException) { }
    }

    [Theory]
    [InlineData("/out-file")]
    [InlineData("/out-dir")]
    [InlineData("/out-dir/")]
    [InlineData("/out-dir/secret.txt")]
    [InlineData("/out-dir/deep/er/x.txt")]
    [InlineData("/out-dir/new-upload.bin")]
    [InlineData("/out-dir/new/folder/upload.bin")]
    [InlineData("/out-dangling")]
    [InlineData("/out-relative")]
    [InlineData("/out-parent")]
    [InlineData("/out-parent/secret.txt")]
    [InlineData("/out-sibling/s.txt")]
    [InlineData("/data/out-nested/secret.txt")]
    [InlineData("/chain-1")]
    [InlineData("/via/x.txt")]
    [InlineData("/dotdot-escape")]
    [InlineData("/loop-a")]
    [InlineData("/loop-b/x")]
    [InlineData("/dotdot-escape-dir/y.txt")]
    [InlineData("/dotdot-escape-dir/new-upload.bin")]
    [InlineData("/in-dir/out-nested/secret.txt")]
    [InlineData("/in-self/out-file")]
    public void Link_leading_out_of_the_root_is_refused_and_touches_nothing(string path)
    {
        var before = DiskSnapshot.Of(_root.Path, _outside.Path, _root.Path + "-sibling");
        Assert.Equal(PathRefusalReason.LinkOutsideRoot, Assert.Throws<PathRefusal>(() => _store.Resolve(path)).Reason);
        Assert.Equal(before, DiskSnapshot.Of(_root.Path, _outside.Path, _root.Path + "-sibling"));
    }

    [Theory]
    [InlineData("/in-file", "in-file")]
    [InlineData("/in-dir/in.txt", "in-dir/in.txt")]
    [InlineData("/in-dir/", "in-dir")]
    [InlineData("/in-self/visible.txt", "in-self/visible.txt")]
    [InlineData("/in-dangling", "in-dangling")]
    [InlineData("/in-dir/new/upload.bin", "in-dir/new/upload.bin")]
    public void Link_that_stays_inside_the_root_is_followed(string path, string relative)
    {
        var resolved = _store.Resolve(path);
        Assert.Equal(_root.File(relative), resolved.FullPath);
    }

    [Fact]
    public void Link_inside_the_root_serves_its_target()
    {
        Assert.Equal("inside", File.ReadAllText(_store.Resolve("/in-file").FullPath));
        Assert.Equal("inside", File.ReadAllText(_store.Resolve("/in-dir/in.txt").FullPath));
    }

    [Fact]
    public void Listing_hides_dotfiles_and_links_out_of_the_root()
    {
        var listed = new DirectoryInfo(_root.Path).EnumerateFileSystemInfos()
            .Where(_store.IsListable).Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[] { "data", "in-dangling", "in-dir", "in-file", "in-self", "visible.txt" }, listed);
        var nested = new DirectoryInfo(_root.File("data")).EnumerateFileSystemInfos()
            .Where(_store.IsListable).Select(e => e.Name);
        Assert.Equal(new[] { "in.txt" }, nested);
    }

    [Fact]
    public void Root_reached_through_a_link_is_stored_as_its_real_path()
    {
        string alias = _outside.File("root-alias");
        File.CreateSymbolicLink(alias, _root.Path);
        var store = new FileStore(alias);
        Assert.Equal(_store.Root, store.Root);
        Assert.Equal(_root.File("in-file"), store.Resolve("/in-file").FullPath);
        Assert.Equal(PathRefusalReason.LinkOutsideRoot, Assert.Throws<PathRefusal>(() => store.Resolve("/out-file")).Reason);
    }

    private void Link(string relative, string target) => File.CreateSymbolicLink(_root.File(relative), target);
}
