using System.Globalization;

namespace PoolHttp.Engine.Http;

/// <summary>Content negotiation by the <c>Accept</c> field with its q-values (RFC 9110 12.5.1).</summary>
public static class AcceptHeader
{
    /// <summary>
    /// True when <paramref name="accept"/> gives <paramref name="type"/> a higher quality than <paramref name="over"/>.
    /// A tie, an absent field and a field that accepts neither all say false: the caller's default wins.
    /// </summary>
    public static bool Prefers(string? accept, string type, string over) => Quality(accept, type) > Quality(accept, over);

    /// <summary>
    /// The quality (0 to 1) that <paramref name="accept"/> gives a media type <c>type/subtype</c>: that of the most
    /// specific range that matches it (the type itself, then <c>type/*</c>, then <c>*/*</c>), 0 when none does, 1 when
    /// there is no Accept field. A range with a malformed q-value is left out.
    /// </summary>
    public static double Quality(string? accept, string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (accept is null) return 1;
        int slash = type.IndexOf('/', StringComparison.Ordinal);
        string major = slash < 0 ? type : type[..slash];
        int bestSpecificity = -1;
        double best = 0;
        foreach (string element in accept.Split(','))
        {
            if (!TryParse(element, out string range, out double q)) continue;
            int specificity = range == "*/*" ? 0
                : string.Equals(range, major + "/*", StringComparison.OrdinalIgnoreCase) ? 1
                : string.Equals(range, type, StringComparison.OrdinalIgnoreCase) ? 2
                : -1;
            if (specificity > bestSpecificity)
            {
                bestSpecificity = specificity;
                best = q;
            }
        }
        return best;
    }

    private static bool TryParse(string element, out string range, out double q)
    {
        string[] parts = element.Split(';');
        range = parts[0].Trim();
        q = 1;
        if (range.Length == 0) return false;
        foreach (string parameter in parts.AsSpan(1))
        {
            int eq = parameter.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0 || !string.Equals(parameter[..eq].Trim(), "q", StringComparison.OrdinalIgnoreCase)) continue;
            string value = parameter[(eq + 1)..].Trim();
            if (value.Length is 0 or > 5 || !char.IsAsciiDigit(value[0]) ||
                !double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out q) || q > 1)
            {
                return false;
            }
        }
        return true;
    }
}
