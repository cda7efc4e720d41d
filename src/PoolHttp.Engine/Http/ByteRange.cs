using System.Globalization;

namespace PoolHttp.Engine.Http;

/// <summary>Interprets a <c>Range</c> header with one byte range (RFC 9110 14.1.2).</summary>
public static class ByteRange
{
    /// <summary>
    /// Resolves <paramref name="header"/> against a representation of <paramref name="length"/> bytes.
    /// Returns false when the range is unsatisfiable (416). A header we do not honour (other units, several
    /// ranges, bad syntax) resolves to the whole representation, as RFC 9110 lets a server ignore Range.
    /// </summary>
    public static bool TryResolve(string header, long length, out long offset, out long count)
    {
        offset = 0;
        count = length;
        string h = header.Trim();
        if (!h.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return true;
        string spec = h[6..].Trim();
        if (spec.Contains(',')) return true;
        int dash = spec.IndexOf('-');
        if (dash < 0) return true;
        string first = spec[..dash].Trim(), last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!TryNumber(last, out long suffix)) return true;
            if (suffix == 0 || length == 0) return false;
            count = Math.Min(suffix, length);
            offset = length - count;
            return true;
        }
        if (!TryNumber(first, out long start)) return true;
        long end = length - 1;
        if (last.Length > 0)
        {
            if (!TryNumber(last, out end) || end < start) return true;
        }
        if (start >= length) return false;
        end = Math.Min(end, length - 1);
        offset = start;
        count = end - start + 1;
        return true;
    }

    private static bool TryNumber(string text, out long value)
    {
        value = 0;
        if (text.Length == 0 || !text.All(char.IsAsciiDigit)) return false;
        // Too many digits for a long is still a valid position (RFC 9110 14.1.1), just past the end of any file.
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)) value = long.MaxValue;
        return true;
    }
}
