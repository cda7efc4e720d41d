namespace PoolHttp.Engine.Results;

/// <summary>Whether a remote entry is a file or a folder.</summary>
public enum PoolEntryType
{
    /// <summary>A regular file.</summary>
    File,

    /// <summary>A folder; its <see cref="PoolFileInfo.Uri"/> ends with a slash.</summary>
    Directory,
}
