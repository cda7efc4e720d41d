using System.Text;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>A <c>Content-Disposition</c> value for any file name (RFC 6266): an ASCII fallback and the UTF-8 name.</summary>
internal static class ContentDisposition
{
    /// <summary><c>attachment; filename="..."; filename*=UTF-8''...</c>.</summary>
    public static string Attachment(string name)
    {
        var ascii = new StringBuilder(name.Length);
        foreach (char ch in name) ascii.Append(ch is >= ' ' and < (char)127 and not '"' and not '\\' ? ch : '_');
        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(name)}";
    }
}
