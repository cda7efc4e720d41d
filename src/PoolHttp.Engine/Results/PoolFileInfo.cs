namespace PoolHttp.Engine.Results;

/// <summary>One entry of a remote folder listing. Flat properties, in the order of the CSV columns.</summary>
public sealed class PoolFileInfo
{
    /// <summary>Creates an entry.</summary>
    public PoolFileInfo(string name, PoolEntryType type, long size, DateTime modified, Uri uri)
    {
        Name = name;
        Type = type;
        Size = size;
        Modified = modified;
        Uri = uri;
    }

    /// <summary>The entry's name in its folder (never ends with a slash).</summary>
    public string Name { get; }

    /// <summary>File or Directory.</summary>
    public PoolEntryType Type { get; }

    /// <summary>Length in bytes; 0 for folders.</summary>
    public long Size { get; }

    /// <summary>Last modification time, UTC.</summary>
    public DateTime Modified { get; }

    /// <summary>The absolute URI of the entry; a folder's ends with a slash.</summary>
    public Uri Uri { get; }

    /// <inheritdoc />
    public override string ToString() => Uri.ToString();
}
