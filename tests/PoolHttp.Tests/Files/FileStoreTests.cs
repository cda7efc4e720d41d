using PoolHttp.Engine.Files;
using PoolHttp.Tests.Support;

namespace PoolHttp.Tests.Files;

public sealed class FileStoreTests : IDisposable
{
    private readonly TempRoot _root = new();
    private readonly FileStore _store;

    public FileStoreTests()
    {
        _root.Write("a/b.txt", "b");
        _root.Write("sp ace \u00fc %2e.txt", "hostile");
        _root.Write(".env", "secret");
        _store = new FileStore(_root.Path);
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Root_is_the_absolute_link_free_folder()
    {
        Assert.Equal(Path.GetFullPath(_root.Path).TrimEnd('/'), _store.Root);
        Assert.Throws<DirectoryNotFoundException>(() => new FileStore(Path.Join(_root.Path, "missing")));
    }

    [Fact]
    public void Path_maps_under_the_root()
    {
        var resolved = _store.Resolve("/a/b.txt");
        Assert.Equal(new ResolvedPath(Path.Join(_store.Root, "a", "b.txt"), "/a/b.txt", false, false, false), resolved);
        Assert.Equal("b.txt", resolved.Name);
        Assert.Equal(Path.Join(_store.Root, "a"), resolved.ParentPath);
        Assert.Equal("b", File.ReadAllText(resolved.FullPath));
    }

    [Fact]
    public void Root_path_is_the_root()
    {
        var resolved = _store.Resolve("/");
        Assert.True(resolved.IsRoot);
        Assert.True(resolved.HasTrailingSlash);
        Assert.Equal(_store.Root, resolved.FullPath);
        Assert.Equal("", resolved.Name);
    }

    [Fact]
    public void Folder_path_keeps_its_trailing_slash()
    {
        var resolved = _store.Resolve("/a/");
        Assert.True(resolved.HasTrailingSlash);
        Assert.False(resolved.IsRoot);
        Assert.Equal(Path.Join(_store.Root, "a"), resolved.FullPath);
    }

    [Theory]
    [InlineData("sp ace \u00fc %2e.txt")]
    [InlineData("%2e%2e")]
    [InlineData("line\nbreak.txt")]
    [InlineData("tab\there \u20ac \U0001F600.txt")]
    [InlineData("1:colon.txt")]
    [InlineData("trailing dot.")]
    public void Hostile_but_legal_names_map_to_themselves(string name)
    {
        string full = _root.Write("d/" + name, "x");
        var resolved = _store.Resolve("/d/" + name);
        Assert.Equal(full, resolved.FullPath);
        Assert.False(resolved.IsHidden);
        Assert.Equal("x", File.ReadAllText(resolved.FullPath));
    }

    [Theory]
    [InlineData("/.env")]
    [InlineData("/a/.git/config")]
    [InlineData("/.hidden/")]
    [InlineData("/...")]
    [InlineData("/.poolhttp-0123.tmp")]
    public void Dotfile_segments_are_hidden(string path)
    {
        Assert.True(_store.Resolve(path).IsHidden);
    }

    [Theory]
    [InlineData("/a.b/c")]
    [InlineData("/a/b.txt")]
    [InlineData("/x.")]
    public void Dots_inside_names_are_not_hidden(string path)
    {
        Assert.False(_store.Resolve(path).IsHidden);
    }

    [Theory]
    [InlineData("/..", PathRefusalReason.OutsideRoot)]
    [InlineData("/../x", PathRefusalReason.OutsideRoot)]
    [InlineData("/a/../../x", PathRefusalReason.OutsideRoot)]
    [InlineData("/a/..", PathRefusalReason.OutsideRoot)]
    [InlineData("/a/../b.txt", PathRefusalReason.OutsideRoot)]
    [InlineData("/.", PathRefusalReason.OutsideRoot)]
    [InlineData("/./a", PathRefusalReason.OutsideRoot)]
    [InlineData("/a/./b.txt", PathRefusalReason.OutsideRoot)]
    [InlineData("/C:/x", PathRefusalReason.OutsideRoot)]
    [InlineData("/c:", PathRefusalReason.OutsideRoot)]
    [InlineData("/a//b.txt", PathRefusalReason.Malformed)]
    [InlineData("//a/b.txt", PathRefusalReason.Malformed)]
    [InlineData("/a/b.txt//", PathRefusalReason.Malformed)]
    [InlineData("//", PathRefusalReason.Malformed)]
    [InlineData("/a\\b.txt", PathRefusalReason.Malformed)]
    [InlineData("/..\\x", PathRefusalReason.Malformed)]
    [InlineData("/C:\\x", PathRefusalReason.Malformed)]
    [InlineData("/a\0.txt", PathRefusalReason.Malformed)]
    [InlineData("/a/b.txt\0.jpg", PathRefusalReason.Malformed)]
    [InlineData("a/b.txt", PathRefusalReason.Malformed)]
    [InlineData("", PathRefusalReason.Malformed)]
    public void Path_that_would_leave_the_root_or_no_file_could_have_is_refused_and_touches_nothing(string path, PathRefusalReason reason)
    {
        var before = DiskSnapshot.Of(_root.Path);
        var e = Assert.Throws<PathRefusal>(() => _store.Resolve(path));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(before, DiskSnapshot.Of(_root.Path));
    }

    [Theory]
    [InlineData("/a:b.txt")]
    [InlineData("/a/Z:x.txt")]
    [InlineData("/dir:/x")]
    public void A_name_with_a_colon_is_a_plain_name_except_on_windows_where_it_names_a_drive_or_a_stream(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Equal(PathRefusalReason.OutsideRoot, Assert.Throws<PathRefusal>(() => _store.Resolve(path)).Reason);
            return;
        }
        Assert.Equal(Path.Join(_store.Root, path), _store.Resolve(path).FullPath);
    }

    [Fact]
    public void Contains_respects_the_separator()
    {
        Assert.True(_store.Contains(_store.Root));
        Assert.True(_store.Contains(Path.Join(_store.Root, "a")));
        Assert.False(_store.Contains(_store.Root + "2"));
        Assert.False(_store.Contains(Path.GetDirectoryName(_store.Root)!));
    }

    [Fact]
    public void Temp_file_is_hidden_beside_the_target_in_created_folders()
    {
        string folder = Path.Join(_store.Root, "new", "sub dir \u00fc");
        var (temp, handle) = _store.CreateTemp(folder, preallocate: 1 << 20);
        using (handle) RandomAccess.Write(handle, "0123456789"u8, 0);
        Assert.Equal(folder, Path.GetDirectoryName(temp));
        Assert.StartsWith(FileStore.TempPrefix, Path.GetFileName(temp), StringComparison.Ordinal);
        Assert.True(_store.Resolve("/new/sub dir \u00fc/" + Path.GetFileName(temp)).IsHidden);
        Assert.Equal(10, new FileInfo(temp).Length);
    }

    [Fact]
    public void Two_temp_files_for_one_folder_are_distinct()
    {
        var (first, h1) = _store.CreateTemp(_store.Root, 0);
        var (second, h2) = _store.CreateTemp(_store.Root, 0);
        h1.Dispose();
        h2.Dispose();
        Assert.NotEqual(first, second);
        Assert.True(File.Exists(first) && File.Exists(second));
    }

    [Fact]
    public void Commit_moves_a_new_file_into_place()
    {
        string temp = WriteTemp("new content");
        string target = Path.Join(_store.Root, "a", "new.txt");
        Assert.True(FileStore.Commit(temp, target, overwrite: false));
        Assert.Equal("new content", File.ReadAllText(target));
        Assert.Empty(_root.TempFiles());
    }

    [Fact]
    public void Commit_with_overwrite_replaces_the_old_version()
    {
        string temp = WriteTemp("v2");
        string target = Path.Join(_store.Root, "a", "b.txt");
        Assert.True(FileStore.Commit(temp, target, overwrite: true));
        Assert.Equal("v2", File.ReadAllText(target));
        Assert.Empty(_root.TempFiles());
    }

    [Fact]
    public void Commit_without_overwrite_keeps_the_old_version_and_the_temp_file_until_discarded()
    {
        string temp = WriteTemp("v2");
        string target = Path.Join(_store.Root, "a", "b.txt");
        Assert.False(FileStore.Commit(temp, target, overwrite: false));
        Assert.Equal("b", File.ReadAllText(target));
        Assert.True(File.Exists(temp));
        FileStore.Discard(temp);
        Assert.False(File.Exists(temp));
        Assert.Empty(_root.TempFiles());
        Assert.Equal("b", File.ReadAllText(target));
    }

    [Fact]
    public void Discard_ignores_a_file_or_folder_that_is_gone()
    {
        var before = DiskSnapshot.Of(_root.Path);
        FileStore.Discard(null);
        FileStore.Discard(Path.Join(_store.Root, FileStore.TempPrefix + "gone.tmp"));
        FileStore.Discard(Path.Join(_store.Root, "no such folder", FileStore.TempPrefix + "gone.tmp"));
        Assert.Equal(before, DiskSnapshot.Of(_root.Path));
    }

    private string WriteTemp(string content)
    {
        var (temp, handle) = _store.CreateTemp(Path.Join(_store.Root, "a"), 0);
        using (handle) RandomAccess.Write(handle, System.Text.Encoding.UTF8.GetBytes(content), 0);
        return temp;
    }
}
