using System.Globalization;

namespace PoolHttp.Cli;

/// <summary>Byte sizes written as plain bytes or with KB, MB, GB (powers of 1024).</summary>
public static class Sizes
{
    /// <summary>Parses "10MB", "512KB", "1GB" or "1048576"; throws <see cref="FormatException"/> otherwise.</summary>
    public static long Parse(string text)
    {
        string t = text.Trim().ToUpperInvariant();
        long unit = 1;
        foreach (var (suffix, factor) in new[] { ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1L) })
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                unit = factor;
                t = t[..^suffix.Length].Trim();
                break;
            }
        }
        if (!double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || value < 0)
            throw new FormatException($"'{text}' is not a size (use bytes, or KB, MB, GB).");
        return checked((long)Math.Round(value * unit));
    }
}
