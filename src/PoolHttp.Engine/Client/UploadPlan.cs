using PoolHttp.Engine.Http;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

/// <summary>
/// Which remote file each local file of one upload call goes to, decided as the files arrive (from a pipeline or a
/// command line), so that uploads can start before the last file is known.
/// <list type="bullet">
/// <item>The destination is a folder when its URI ends with a slash, or with recursion: each file goes into it under
/// its own name at once, and a folder goes into it under its own name with everything below it (names starting with
/// a dot are left out, as the server refuses them; a link to a folder is refused, not followed).</item>
/// <item>Otherwise the destination names the remote file for one file: the first file waits (see <see cref="Finish"/>)
/// until a second one shows that there are several, which then all go into a folder of that name.</item>
/// <item>Two different local files bound for one remote name: the second is refused (never a silent replacement).
/// The same local file bound for the same remote name again is left out: it is sent once.</item>
/// </list>
/// Enumerate each returned sequence before the next call: the plan advances as it is read.
/// </summary>
public sealed class UploadPlan
{
    private readonly Uri _destination;
    private readonly bool _recurse;
    private readonly bool _noOverwrite;
    private readonly bool _multipart;
    private readonly string? _ifMatch;
    private readonly Dictionary<string, string> _claimed = new(StringComparer.Ordinal);
    private (UploadOptions Upload, string FullPath)? _waiting;
    private bool _several;

    /// <summary>
    /// A plan for uploads to <paramref name="destination"/>, each sent with <paramref name="ifMatch"/> (one entity tag,
    /// quoted here when typed bare; see <see cref="UploadOptions.IfMatch"/>). Throws <see cref="PoolException"/>
    /// (InvalidArgument) for a URI that is not absolute http(s), for <paramref name="noOverwrite"/> with
    /// <paramref name="multipart"/>, and for an If-Match that is not one tag or comes with any of the three switches.
    /// </summary>
    public UploadPlan(Uri destination, bool recurse = false, bool noOverwrite = false, bool multipart = false, string? ifMatch = null)
    {
        RemoteNames.Check(destination);
        if (noOverwrite && multipart)
            throw new PoolException(PoolErrorKind.InvalidArgument, "A form upload always replaces; NoOverwrite needs a PUT.", destination);
        _destination = destination;
        _recurse = recurse;
        _noOverwrite = noOverwrite;
        _multipart = multipart;
        _ifMatch = ifMatch is null ? null : CheckIfMatch(ifMatch, destination, recurse, noOverwrite, multipart);
    }

    /// <summary>
    /// If-Match names one version of one remote file: it is one tag, for a PUT (a form goes to the folder), of a
    /// file that exists (so never with NoOverwrite, which asks that it not), and never for a whole tree.
    /// </summary>
    private static string CheckIfMatch(string ifMatch, Uri destination, bool recurse, bool noOverwrite, bool multipart)
    {
        if (!EntityTag.TryQuote(ifMatch, out string tag))
            throw new PoolException(PoolErrorKind.InvalidArgument, $"'{ifMatch}' is not one entity tag (as in ETag: \"1a-2b\").", destination);
        string? clash = noOverwrite ? "NoOverwrite (it asks that no file exist)" : multipart ? "a form upload (it goes to the folder)"
            : recurse ? "a recursive upload (it names one file's version)" : null;
        if (clash is not null)
            throw new PoolException(PoolErrorKind.InvalidArgument, $"If-Match cannot go with {clash}.", destination);
        return tag;
    }

    /// <summary>True when files go into the destination as a folder, so that each one's upload is known as it is added.</summary>
    public bool IntoFolder => _recurse || _several || RemoteNames.IsFolder(_destination);

    /// <summary>
    /// The steps for one local path: its upload, the uploads of the tree below a folder with recursion, refusals, or
    /// nothing yet when the file waits to learn whether it is the only one.
    /// </summary>
    public IEnumerable<UploadStep> Add(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = FullPath(path);
        if (LocalName(full).Length == 0) return [Refuse(path, _destination, "This path names no file or folder that can be sent.")];
        if (!Directory.Exists(full)) return AddFile(path, full);
        if (!_recurse) return [Refuse(path, RemoteNames.AsFolder(_destination), "This is a folder; send it recursively (-Recurse, --recursive), or the files in it.")];
        return Tree(full, RemoteNames.Child(RemoteNames.AsFolder(_destination), LocalName(full), isFolder: true));
    }

    /// <summary>The upload of a file still waiting (the one file sent to a remote file name), once no more files come.</summary>
    public IEnumerable<UploadStep> Finish()
    {
        if (_waiting is not { } waiting) return [];
        _waiting = null;
        _claimed[waiting.Upload.Destination.AbsoluteUri] = waiting.FullPath;
        return [new UploadStep(waiting.Upload)];
    }

    private IEnumerable<UploadStep> AddFile(string path, string full)
    {
        if (_ifMatch is not null && IsSecondFile(full))
            return [Refuse(path, _destination, "If-Match names one version of one remote file; only the first file is sent with it.")];
        if (!IntoFolder)
        {
            if (_waiting is null)
            {
                _waiting = (Upload(path, _destination), full);
                return [];
            }
            if (_waiting.Value.FullPath == full) return [];
            // A second file: both go into a folder of the destination's name (several files never overwrite one).
            _several = true;
            var first = _waiting.Value;
            _waiting = null;
            return [.. Claim(first.Upload.Path, first.FullPath), .. Claim(path, full)];
        }
        return Claim(path, full);
    }

    /// <summary>True when a file other than <paramref name="full"/> is already waiting or planned.</summary>
    private bool IsSecondFile(string full) =>
        (_waiting is { } waiting && waiting.FullPath != full) || _claimed.Values.Any(owner => owner != full);

    private IEnumerable<UploadStep> Claim(string path, string full) =>
        Claim(path, full, RemoteNames.Child(RemoteNames.AsFolder(_destination), LocalName(full), isFolder: false));

    private IEnumerable<UploadStep> Claim(string path, string full, Uri target)
    {
        if (!_claimed.TryGetValue(target.AbsoluteUri, out string? owner))
        {
            _claimed.Add(target.AbsoluteUri, full);
            return [new UploadStep(Upload(path, target))];
        }
        if (owner == full) return [];
        return [new UploadStep(Upload(path, target), new PoolException(PoolErrorKind.Conflict,
            $"'{full}' and '{owner}' both go to {target}; only '{owner}' is sent.", path))];
    }

    /// <summary>Every file below <paramref name="folder"/>, depth first in ordinal name order, mirrored under <paramref name="remote"/>.</summary>
    private IEnumerable<UploadStep> Tree(string folder, Uri remote)
    {
        if (!TryList(folder, out string[] entries, out var unreadable))
        {
            yield return new UploadStep(Upload(folder, remote), unreadable);
            yield break;
        }
        Array.Sort(entries, StringComparer.Ordinal);
        foreach (string entry in entries)
        {
            string name = LocalName(entry);
            if (name.StartsWith('.')) continue;
            bool isFolder = Directory.Exists(entry);
            if (isFolder && new DirectoryInfo(entry).LinkTarget is not null)
            {
                yield return Refuse(entry, RemoteNames.Child(remote, name, isFolder: true), "This is a link to a folder, which is not followed; send the folder it points to.");
                continue;
            }
            var steps = isFolder ? Tree(entry, RemoteNames.Child(remote, name, isFolder: true)) : Claim(entry, entry, RemoteNames.Child(remote, name, isFolder: false));
            foreach (var step in steps) yield return step;
        }
    }

    private static bool TryList(string folder, out string[] entries, out PoolException? unreadable)
    {
        try
        {
            entries = Directory.GetFileSystemEntries(folder);
            unreadable = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            entries = [];
            unreadable = ClientErrors.Local(e, folder);
            return false;
        }
    }

    private UploadOptions Upload(string path, Uri target) => new(path, target) { NoOverwrite = _noOverwrite, Multipart = _multipart, IfMatch = _ifMatch };

    private UploadStep Refuse(string path, Uri target, string detail) =>
        new(Upload(path, target), new PoolException(PoolErrorKind.InvalidArgument, detail, path));

    private static string FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;   // the upload itself reports the unusable path
        }
    }

    private static string LocalName(string full) => Path.GetFileName(Path.TrimEndingDirectorySeparator(full));
}
